using System.IO.Pipelines;

namespace SignalRPub.Connections;

/// <summary>
/// A pipe writer that reports every buffered byte to an <see cref="OutboundGuard"/>. Once the guard has tripped,
/// later messages are dropped instead of buffered: the connection is on its way out as a slow consumer, and what
/// the hub still writes for it (answers to frames it had already queued, pushes) must not grow its memory past the
/// limit by more than the message that tripped it.
/// </summary>
internal sealed class GuardedPipeWriter(PipeWriter inner, OutboundGuard guard) : PipeWriter
{
    private const int MinimumDiscardBytes = 4096;

    private long _unflushed;
    private byte[]? _discard;

    public override void Advance(int bytes)
    {
        if (_discard is not null)
        {
            return;
        }

        inner.Advance(bytes);
        _unflushed += bytes;
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => _discard is null ? inner.GetMemory(sizeHint) : Discard(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => _discard is null ? inner.GetSpan(sizeHint) : Discard(sizeHint).Span;

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_discard is not null)
        {
            return new ValueTask<FlushResult>(new FlushResult(isCanceled: false, isCompleted: true));
        }

        var bytes = _unflushed;
        _unflushed = 0;
        if (bytes > 0)
        {
            guard.Written(bytes);
        }

        var flush = inner.FlushAsync(cancellationToken);

        // Switched between messages only (a flush ends one), so no message is ever half buffered and half dropped.
        if (guard.IsTripped)
        {
            _discard = new byte[MinimumDiscardBytes];
        }

        return flush;
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    public override bool CanGetUnflushedBytes => true;

    public override long UnflushedBytes => _unflushed;

    /// <summary>True once later messages are dropped.</summary>
    internal bool IsDiscarding => _discard is not null;

    private Memory<byte> Discard(int sizeHint)
    {
        if (_discard!.Length < sizeHint)
        {
            _discard = new byte[sizeHint];
        }

        return _discard;
    }
}
