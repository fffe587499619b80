using System.IO.Pipelines;

namespace SignalRPub.Connections;

/// <summary>A pipe writer that reports every buffered byte to an <see cref="OutboundGuard"/>.</summary>
internal sealed class GuardedPipeWriter(PipeWriter inner, OutboundGuard guard) : PipeWriter
{
    private long _unflushed;

    public override void Advance(int bytes)
    {
        inner.Advance(bytes);
        _unflushed += bytes;
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        var bytes = _unflushed;
        _unflushed = 0;
        if (bytes > 0)
        {
            guard.Written(bytes);
        }

        return inner.FlushAsync(cancellationToken);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    public override bool CanGetUnflushedBytes => true;

    public override long UnflushedBytes => _unflushed;
}
