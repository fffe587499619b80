using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;

namespace SignalRPub.Connections;

/// <summary>
/// The blocks behind every connection's outbound buffer. <see cref="ArrayPool{T}.Shared"/> keeps a few arrays per
/// core; a group send to thousands of connections holds one block per connection until each send loop runs, so it
/// runs dry and every delivery allocated a fresh 4 KiB array. This pool keeps what comes back, up to a cap, so a
/// steady stream of deliveries allocates nothing; <see cref="Trim"/> gives back what a burst left unused.
/// </summary>
internal sealed class FrameBufferPool : MemoryPool<byte>
{
    /// <summary>The size of every block: a pipe's default segment.</summary>
    public const int BlockSize = 4096;

    /// <summary>The most blocks a gateway keeps for reuse: 64 Ki blocks, 256 MiB.</summary>
    public const int DefaultMaxRetained = 64 * 1024;

    private readonly ConcurrentQueue<FrameBuffer> _free = new();
    private readonly int _maxRetained;
    private int _retained;
    private int _leastRetained;

    public FrameBufferPool(int maxRetained = DefaultMaxRetained)
    {
        _maxRetained = maxRetained;
        UnboundedPipeOptions = new PipeOptions(
            pool: this,
            pauseWriterThreshold: 0,
            resumeWriterThreshold: 0,
            minimumSegmentSize: BlockSize,
            useSynchronizationContext: false);
    }

    /// <summary>
    /// Options for an outbound buffer that never makes the writer wait (an <see cref="OutboundGuard"/> bounds it),
    /// with its blocks from this pool.
    /// </summary>
    public PipeOptions UnboundedPipeOptions { get; }

    /// <summary>Blocks waiting for reuse.</summary>
    public int Retained => Volatile.Read(ref _retained);

    /// <summary>Larger requests than this go to <see cref="ArrayPool{T}.Shared"/> (a pipe does so by itself).</summary>
    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        if (_free.TryDequeue(out var block))
        {
            var retained = Interlocked.Decrement(ref _retained);
            if (retained < Volatile.Read(ref _leastRetained))
            {
                // A low-water mark, approximate under races: Trim only needs its order of magnitude.
                Volatile.Write(ref _leastRetained, retained);
            }

            block.Lease();
            return block;
        }

        return new FrameBuffer(this, BlockSize);
    }

    /// <summary>
    /// Gives half of the blocks that stayed unused since the last call back to the GC, so memory a burst took
    /// returns over a few calls while a steady load keeps what it uses. Returns how many blocks it let go.
    /// </summary>
    public int Trim()
    {
        var unused = Interlocked.Exchange(ref _leastRetained, Retained);
        var released = 0;
        for (var i = 0; i < (unused + 1) / 2 && _free.TryDequeue(out _); i++)
        {
            Interlocked.Decrement(ref _retained);
            released++;
        }

        Volatile.Write(ref _leastRetained, Retained);
        return released;
    }

    internal void Return(FrameBuffer block)
    {
        if (Interlocked.Increment(ref _retained) > _maxRetained)
        {
            // Over the cap: the block goes to the GC.
            Interlocked.Decrement(ref _retained);
            return;
        }

        _free.Enqueue(block);
    }

    protected override void Dispose(bool disposing)
    {
        // Nothing to release: the GC takes the blocks.
    }
}
