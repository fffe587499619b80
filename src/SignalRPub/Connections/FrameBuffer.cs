using System.Buffers;

namespace SignalRPub.Connections;

/// <summary>One block of a <see cref="FrameBufferPool"/>; disposing it hands it back.</summary>
internal sealed class FrameBuffer(FrameBufferPool pool, int size) : IMemoryOwner<byte>
{
    private readonly byte[] _array = GC.AllocateUninitializedArray<byte>(size);
    private int _leased = 1;

    public Memory<byte> Memory => Volatile.Read(ref _leased) == 1
        ? _array
        : throw new ObjectDisposedException(nameof(FrameBuffer));

    internal void Lease() => Volatile.Write(ref _leased, 1);

    public void Dispose()
    {
        // Returned once, however often it is disposed.
        if (Interlocked.Exchange(ref _leased, 0) == 1)
        {
            pool.Return(this);
        }
    }
}
