using System.Buffers;
using System.Buffers.Binary;

namespace SignalRPub.RawWebSockets;

/// <summary>
/// The stream under a raw client's <see cref="System.Net.WebSockets.WebSocket"/>. The send loop gathers frames
/// between <see cref="BeginBatchAsync"/> and <see cref="EndBatchAsync"/>, so many frames leave in one write to the
/// transport; the socket's own writes (pings, pongs, close) go out at once. A batch holds the write lock from its
/// beginning to its end, so a ping never interleaves with it, and appending a frame takes no lock at all. The node's
/// sweeper writes the keep-alive pings through <see cref="TryPing"/> under the same lock.
/// </summary>
internal sealed class BatchingStream(Stream inner) : Stream
{
    private const int InitialBatchBytes = 16 * 1024;

    // FIN + ping, no payload; a server's frames are not masked (RFC 6455 §5.1, §5.5.2).
    private static readonly byte[] s_ping = [0x89, 0x00];

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private byte[]? _batch;
    private int _batched;
    private volatile bool _pingsStopped;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    private long _lastRead = Environment.TickCount64;

    /// <summary>How long since the client's last bytes arrived (frames, pongs, anything).</summary>
    public TimeSpan SinceLastRead => TimeSpan.FromMilliseconds(Environment.TickCount64 - Volatile.Read(ref _lastRead));

    /// <summary>Opens a batch: waits for a write of the socket's own to finish, then holds the write lock until <see cref="EndBatchAsync"/>.</summary>
    public ValueTask BeginBatchAsync() => _writeLock.Wait(0) ? default : new ValueTask(_writeLock.WaitAsync());

    /// <summary>
    /// Adds one whole text message to the open batch as a single unmasked WebSocket frame (RFC 6455 §5.2). Frames
    /// are written whole, so they never interleave with the pings and close frames the socket writes itself.
    /// </summary>
    public void AppendTextFrame(in ReadOnlySequence<byte> payload)
    {
        if (payload.IsSingleSegment)
        {
            AppendTextFrame(payload.FirstSpan);
            return;
        }

        AppendTextFrameHeader(payload.Length);
        foreach (var segment in payload)
        {
            Append(segment.Span);
        }
    }

    /// <summary>The same for a payload in one piece.</summary>
    public void AppendTextFrame(ReadOnlySpan<byte> payload)
    {
        AppendTextFrameHeader(payload.Length);
        Append(payload);
    }

    /// <summary>
    /// Starts a text frame of <paramref name="length"/> payload bytes, which the caller then adds whole with
    /// <see cref="AppendPayload(ReadOnlySpan{byte})"/>: a message built from pieces whose total is known beforehand.
    /// </summary>
    public void AppendTextFrameHeader(long length)
    {
        Span<byte> header = stackalloc byte[10];
        header[0] = 0x81; // FIN + text
        int headerLength;
        if (length <= 125)
        {
            header[1] = (byte)length;
            headerLength = 2;
        }
        else if (length <= ushort.MaxValue)
        {
            header[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)length);
            headerLength = 4;
        }
        else
        {
            header[1] = 127;
            BinaryPrimitives.WriteUInt64BigEndian(header[2..], (ulong)length);
            headerLength = 10;
        }

        Append(header[..headerLength]);
    }

    /// <summary>Adds payload bytes of the frame that <see cref="AppendTextFrameHeader"/> started.</summary>
    public void AppendPayload(ReadOnlySpan<byte> data) => Append(data);

    /// <summary>The same for payload bytes in a sequence.</summary>
    public void AppendPayload(in ReadOnlySequence<byte> data)
    {
        foreach (var segment in data)
        {
            Append(segment.Span);
        }
    }

    /// <summary>Sends what the batch gathered in one write, ends the batch and releases the write lock.</summary>
    public async ValueTask EndBatchAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_batched > 0)
            {
                // Kestrel's upgraded stream flushes every write to the transport; a separate flush would only take its locks again.
                await inner.WriteAsync(_batch.AsMemory(0, _batched), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (_batch is not null)
            {
                ArrayPool<byte>.Shared.Return(_batch);
                _batch = null;
                _batched = 0;
            }

            _writeLock.Release();
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Writes a ping control frame when no other write holds the lock (a write under way is not waited for: the
    /// sweeper tries again on its next pass) and pings were not stopped. Returns whether the ping went out; never throws.
    /// </summary>
    public bool TryPing()
    {
        if (!_writeLock.Wait(0))
        {
            return false;
        }

        if (_pingsStopped)
        {
            _writeLock.Release();
            return false;
        }

        _ = PingLockedAsync();
        return true;
    }

    /// <summary>No ping may follow the close frame the socket is about to write (RFC 6455 §5.5.1).</summary>
    public void StopPings() => _pingsStopped = true;

    // Completes synchronously (no allocation) when the transport takes the two bytes at once, as it does but for a
    // client that stopped reading; the lock is given back either way.
    private async Task PingLockedAsync()
    {
        try
        {
            await inner.WriteAsync(s_ping).ConfigureAwait(false);
            await inner.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The connection is gone or going; its receive loop sees that and closes it.
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _lastRead, Environment.TickCount64);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    // Writes are flushed by EndBatchAsync or as they happen; there is nothing else to flush.
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();

    private void Append(ReadOnlySpan<byte> data)
    {
        if (_batch is null || _batch.Length - _batched < data.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(InitialBatchBytes, (_batched + data.Length) * 2));
            if (_batch is not null)
            {
                _batch.AsSpan(0, _batched).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_batch);
            }

            _batch = bigger;
        }

        data.CopyTo(_batch.AsSpan(_batched));
        _batched += data.Length;
    }
}
