using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace SignalRPub.RawWebSockets;

/// <summary>
/// A connection's transport pipes as the stream under a <see cref="BatchingStream"/>, for a socket accepted below HTTP:
/// reads copy out of the input pipe, writes go into the output pipe and are flushed at once. Nothing of HTTP is between
/// the socket and the transport.
/// </summary>
internal sealed class TransportStream(IDuplexPipe transport) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = transport.Input.ReadAsync(cancellationToken);
        return read.IsCompletedSuccessfully ? new ValueTask<int>(CopyOut(read.Result, buffer.Span)) : ReadPendingAsync(read, buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var flush = transport.Output.WriteAsync(buffer, cancellationToken);
        return flush.IsCompletedSuccessfully ? default : WritePendingAsync(flush);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    // Every write is flushed as it is made.
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
            // The connection ends with the socket: what was written is sent, then the transport closes.
            transport.Input.Complete();
            transport.Output.Complete();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
        return default;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadPendingAsync(ValueTask<ReadResult> read, Memory<byte> buffer) =>
        CopyOut(await read.ConfigureAwait(false), buffer.Span);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask WritePendingAsync(ValueTask<FlushResult> flush) => await flush.ConfigureAwait(false);

    // Copies what fits and consumes exactly that; a zero-byte read returns once data is there and consumes nothing.
    private int CopyOut(ReadResult result, Span<byte> destination)
    {
        var data = result.Buffer;
        var count = (int)Math.Min(data.Length, destination.Length);
        data.Slice(0, count).CopyTo(destination);
        transport.Input.AdvanceTo(data.GetPosition(count));
        return count;
    }
}
