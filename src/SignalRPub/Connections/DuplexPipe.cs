using System.IO.Pipelines;

namespace SignalRPub.Connections;

/// <summary>A reader and a writer seen as one duplex pipe.</summary>
internal sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;

    /// <summary>
    /// Options for an outbound buffer that never makes the writer wait (an <see cref="OutboundGuard"/> bounds it),
    /// with its blocks from <see cref="FrameBufferPool.Connections"/> so that a delivery allocates nothing.
    /// </summary>
    public static PipeOptions UnboundedOptions { get; } = new(
        pool: FrameBufferPool.Connections,
        pauseWriterThreshold: 0,
        resumeWriterThreshold: 0,
        minimumSegmentSize: FrameBufferPool.BlockSize,
        useSynchronizationContext: false);
}
