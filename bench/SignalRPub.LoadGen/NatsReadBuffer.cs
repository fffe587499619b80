namespace SignalRPub.LoadGen;

/// <summary>
/// Bytes received and not yet read as whole operations: received data is written after them, read operations are
/// taken off the front, and what is left of a partial operation moves to the start before the next receive (only
/// then, and only those bytes). Grows when one operation does not fit. Not thread safe: one receive loop owns it.
/// </summary>
internal sealed class NatsReadBuffer(int capacity)
{
    private byte[] _bytes = new byte[capacity];
    private int _start;
    private int _end;

    /// <summary>Received bytes not yet consumed.</summary>
    public ReadOnlyMemory<byte> Unread => _bytes.AsMemory(_start, _end - _start);

    /// <summary>Room for at least <paramref name="sizeHint"/> more bytes after the unread ones.</summary>
    public Memory<byte> GetMemory(int sizeHint)
    {
        if (_bytes.Length - _end < sizeHint)
        {
            var unread = _end - _start;
            if (_bytes.Length - unread < sizeHint)
            {
                var grown = new byte[Math.Max(_bytes.Length * 2, unread + sizeHint)];
                _bytes.AsSpan(_start, unread).CopyTo(grown);
                _bytes = grown;
            }
            else
            {
                _bytes.AsSpan(_start, unread).CopyTo(_bytes);
            }

            (_start, _end) = (0, unread);
        }

        return _bytes.AsMemory(_end);
    }

    /// <summary>Counts <paramref name="count"/> bytes written into <see cref="GetMemory"/>'s memory as received.</summary>
    public void Advance(int count) => _end += count;

    /// <summary>Takes <paramref name="count"/> bytes off the front of <see cref="Unread"/>.</summary>
    public void Consume(int count)
    {
        _start += count;
        if (_start == _end)
        {
            (_start, _end) = (0, 0);
        }
    }
}
