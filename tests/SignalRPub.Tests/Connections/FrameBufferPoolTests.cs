using System.Buffers;
using System.IO.Pipelines;
using SignalRPub.Connections;

namespace SignalRPub.Tests.Connections;

public class FrameBufferPoolTests
{
    [Fact]
    public void Rent_AfterReturn_HandsBackTheSameBlock()
    {
        var pool = new FrameBufferPool(maxRetained: 4);
        var first = pool.Rent(100);
        var array = first.Memory;
        first.Dispose();

        var second = pool.Rent(100);

        Assert.Equal(FrameBufferPool.BlockSize, second.Memory.Length);
        Assert.True(array.Span == second.Memory.Span, "the returned block is reused");
        Assert.Equal(0, pool.Retained);
    }

    [Fact]
    public void Dispose_Twice_ReturnsTheBlockOnce()
    {
        var pool = new FrameBufferPool(maxRetained: 4);
        var block = pool.Rent();

        block.Dispose();
        block.Dispose();

        Assert.Equal(1, pool.Retained);
        Assert.Throws<ObjectDisposedException>(() => block.Memory);
    }

    [Fact]
    public void Return_OverTheCap_LetsTheBlockGo()
    {
        var pool = new FrameBufferPool(maxRetained: 2);
        var blocks = Enumerable.Range(0, 3).Select(_ => pool.Rent()).ToList();

        blocks.ForEach(b => b.Dispose());

        Assert.Equal(2, pool.Retained);
    }

    [Fact]
    public void Rent_LargerThanABlock_Throws()
    {
        var pool = new FrameBufferPool(maxRetained: 2);

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(FrameBufferPool.BlockSize + 1));
    }

    [Fact]
    public async Task Pipe_WriteThenRead_ReturnsItsBlocksToThePool()
    {
        var pool = new FrameBufferPool(maxRetained: 16);
        var pipe = new Pipe(new PipeOptions(pool: pool, pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
        var payload = new byte[3 * FrameBufferPool.BlockSize];
        Random.Shared.NextBytes(payload);

        for (var round = 0; round < 3; round++)
        {
            await pipe.Writer.WriteAsync(payload);
            var result = await pipe.Reader.ReadAsync();
            Assert.Equal(payload, result.Buffer.ToArray());
            pipe.Reader.AdvanceTo(result.Buffer.End);
        }

        // Every round reused the blocks of the one before: never more blocks than one round needs.
        Assert.InRange(pool.Retained, 3, 4);
    }

    [Fact]
    public async Task Pipe_WriteLargerThanABlock_StillDeliversEveryByte()
    {
        var pool = new FrameBufferPool(maxRetained: 16);
        var pipe = new Pipe(new PipeOptions(pool: pool, pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
        var payload = new byte[FrameBufferPool.BlockSize * 2 + 17];
        Random.Shared.NextBytes(payload);

        var span = pipe.Writer.GetSpan(payload.Length);
        payload.CopyTo(span);
        pipe.Writer.Advance(payload.Length);
        await pipe.Writer.FlushAsync();
        var result = await pipe.Reader.ReadAsync();

        Assert.Equal(payload, result.Buffer.ToArray());
        pipe.Reader.AdvanceTo(result.Buffer.End);
    }

    [Fact]
    public void Trim_BlocksUnusedSinceTheLastTrim_GivesBackHalfEachTime()
    {
        var pool = new FrameBufferPool(maxRetained: 100);
        Fill(pool, 8);
        pool.Trim(); // starts the period: nothing measured yet

        var first = pool.Trim();
        var second = pool.Trim();
        var third = pool.Trim();

        Assert.Equal([4, 2, 1], new[] { first, second, third });
        Assert.Equal(1, pool.Retained);
    }

    [Fact]
    public void Trim_BlocksInUseDuringThePeriod_KeepsThem()
    {
        var pool = new FrameBufferPool(maxRetained: 100);
        Fill(pool, 8);
        pool.Trim();

        // A load that needs 6 blocks at once between two trims: only the 2 never rented are unused.
        var inUse = Enumerable.Range(0, 6).Select(_ => pool.Rent()).ToList();
        inUse.ForEach(b => b.Dispose());
        var released = pool.Trim();

        Assert.Equal(1, released);
        Assert.Equal(7, pool.Retained);
    }

    [Fact]
    public void Trim_EmptyPool_ReleasesNothing()
    {
        var pool = new FrameBufferPool(maxRetained: 100);

        Assert.Equal(0, pool.Trim());
        Assert.Equal(0, pool.Trim());
    }

    private static void Fill(FrameBufferPool pool, int blocks)
    {
        var rented = Enumerable.Range(0, blocks).Select(_ => pool.Rent()).ToList();
        rented.ForEach(b => b.Dispose());
        Assert.Equal(blocks, pool.Retained);
    }
}
