using System.Buffers;
using System.Collections.Concurrent;

namespace SignalRPub.Connections;

/// <summary>
/// The blocks behind every connection's outbound buffer. <see cref="ArrayPool{T}.Shared"/> keeps a few arrays per
/// core; a group send to thousands of connections holds one block per connection until each send loop runs, so it
/// runs dry and every delivery allocated a fresh 4 KiB array. This pool keeps what comes back, up to a cap, so a
/// steady stream of deliveries allocates nothing.
/// </summary>
internal sealed class FrameBufferPool : MemoryPool<byte>
{
    /// <summary>The size of every block: a pipe's default segment.</summary>
    public const int BlockSize = 4096;

    private readonly ConcurrentQueue<FrameBuffer> _free = new();
    private readonly int _maxRetained;
    private int _retained;

    public FrameBufferPool(int maxRetained) => _maxRetained = maxRetained;

    /// <summary>The pool of the gateway's connections: it keeps up to 64 Ki blocks (256 MiB) for reuse.</summary>
    public static FrameBufferPool Connections { get; } = new(maxRetained: 64 * 1024);

    /// <summary>Blocks waiting for reuse.</summary>
    public int Retained => Volatile.Read(ref _retained);

    /// <summary>Larger requests than this go to <see cref="ArrayPool{T}.Shared"/> (a pipe does so by itself).</summary>
    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        if (_free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _retained);
            block.Lease();
            return block;
        }

        return new FrameBuffer(this, BlockSize);
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
        // Shared for the life of the process; the GC takes the blocks.
    }
}
