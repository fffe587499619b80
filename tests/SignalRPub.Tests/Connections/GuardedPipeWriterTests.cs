using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Extensions.Time.Testing;
using SignalRPub.Connections;

namespace SignalRPub.Tests.Connections;

public class GuardedPipeWriterTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    private readonly Pipe _pipe = new(new FrameBufferPool().UnboundedPipeOptions);
    private readonly OutboundGuard _guard = new(100, TimeSpan.FromSeconds(10), new FakeTimeProvider(), _ => { });

    [Fact]
    public async Task FlushAsync_WrittenBytes_AreReportedToGuard()
    {
        var writer = new GuardedPipeWriter(_pipe.Writer, _guard);
        writer.GetSpan(30);
        writer.Advance(30);

        Assert.Equal(30, writer.UnflushedBytes);
        Assert.Equal(0, _guard.PendingBytes);

        await writer.FlushAsync().AsTask().WaitAsync(s_timeout);

        Assert.Equal(30, _guard.PendingBytes);
        Assert.Equal(0, writer.UnflushedBytes);
    }

    [Fact]
    public async Task FlushAsync_PastGuardLimit_TripsGuard()
    {
        var writer = new GuardedPipeWriter(_pipe.Writer, _guard);

        await writer.WriteAsync(new byte[60]).AsTask().WaitAsync(s_timeout);
        await writer.WriteAsync(new byte[60]).AsTask().WaitAsync(s_timeout);

        Assert.True(_guard.IsTripped);
    }

    [Fact]
    public async Task FlushAsync_WrittenBytes_ReachTheReader()
    {
        var writer = new GuardedPipeWriter(_pipe.Writer, _guard);

        await writer.WriteAsync(new byte[] { 1, 2, 3 }).AsTask().WaitAsync(s_timeout);
        var result = await _pipe.Reader.ReadAsync().AsTask().WaitAsync(s_timeout);

        Assert.Equal(new byte[] { 1, 2, 3 }, result.Buffer.ToArray());
    }

    [Fact]
    public async Task FlushAsync_AfterGuardTripped_LaterMessagesAreDropped()
    {
        var writer = new GuardedPipeWriter(_pipe.Writer, _guard);
        await writer.WriteAsync(new byte[101]).AsTask().WaitAsync(s_timeout);
        Assert.True(_guard.IsTripped);

        for (var i = 0; i < 100; i++)
        {
            var span = writer.GetSpan(1000);
            span[..1000].Fill(7);
            writer.Advance(1000);
            var flush = await writer.FlushAsync().AsTask().WaitAsync(s_timeout);
            Assert.True(flush.IsCompleted);
        }

        // Only the message that tripped the guard is buffered: the limit plus one message at most.
        Assert.Equal(101, _guard.PendingBytes);
        var result = await _pipe.Reader.ReadAsync().AsTask().WaitAsync(s_timeout);
        Assert.Equal(101, result.Buffer.Length);
    }

    [Fact]
    public async Task FlushAsync_GuardTrippedElsewhere_DropsFromTheNextMessage()
    {
        var writer = new GuardedPipeWriter(_pipe.Writer, _guard);
        _guard.Written(1000);

        await writer.WriteAsync(new byte[] { 1, 2, 3 }).AsTask().WaitAsync(s_timeout);
        await writer.WriteAsync(new byte[] { 4, 5, 6 }).AsTask().WaitAsync(s_timeout);

        Assert.True(writer.IsDiscarding);
        var result = await _pipe.Reader.ReadAsync().AsTask().WaitAsync(s_timeout);
        Assert.Equal(new byte[] { 1, 2, 3 }, result.Buffer.ToArray());
    }
}
