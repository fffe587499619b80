using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>
/// DESIGN.md "Slow consumers" and the close code chosen for them: a raw client that stops reading is closed (1008,
/// <c>slow consumer</c>) without delaying anyone else. A client that does not read cannot see its close until it reads
/// again, and the server waits only a few seconds for the close handshake, so each test stalls a client, publishes
/// well past what the loopback socket buffers hold (about 4 MiB here), lets it read again soon after, and expects to
/// find fewer messages than were published, then the close.
/// </summary>
public sealed class SlowConsumerTests
{
    private const string Feed = "feed";
    private const int MessageBytes = 32 * 1024;

    // 12 MiB: three times what the socket buffers of a stalled loopback connection absorbed when measured.
    private const int Overflow = 384;

    [Fact]
    public async Task SlowConsumer_OverMaxPendingBytes_IsClosedWith1008SlowConsumer()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Limits["MaxPendingBytes"] = 65536);
        await using var slow = await gateway.ConnectRegisteredAsync();
        await slow.SubscribeAsync(Feed);
        slow.PauseReading();

        await PublishAsync(gateway, 0, Overflow, lockStep: null);
        slow.ResumeReading();
        var close = await slow.WaitClosedAsync();

        Assert.True(close.Status == WebSocketCloseStatus.PolicyViolation, $"Closed with {close}.");
        Assert.Equal("slow consumer", close.Description);
        Assert.InRange(slow.DrainPushes().Count, 0, Overflow - 1);
    }

    [Fact]
    public async Task SlowConsumer_OverMaxPendingBytes_OtherSubscriberReceivesEveryMessage()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Limits["MaxPendingBytes"] = 65536);
        await using var fast = await gateway.ConnectRegisteredAsync();
        await using var slow = await gateway.ConnectRegisteredAsync();
        await fast.SubscribeAsync(Feed);
        await slow.SubscribeAsync(Feed);
        slow.PauseReading();

        await PublishAsync(gateway, 0, Overflow, lockStep: fast);
        slow.ResumeReading();
        await PublishAsync(gateway, Overflow, Overflow, lockStep: fast);
        var close = await slow.WaitClosedAsync();

        Assert.True(close.Status == WebSocketCloseStatus.PolicyViolation, $"Closed with {close}.");
        Assert.InRange(slow.DrainPushes().Count, 0, Overflow - 1);
        Assert.False(fast.IsClosed);
        Assert.Empty(fast.DrainPushes());
    }

    [Fact]
    public async Task SlowConsumer_StuckLongerThanSlowConsumerSeconds_IsClosedWith1008SlowConsumer()
    {
        // The byte limit is out of reach: what closes the stalled connection is how long its sends stay stuck.
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            o.Limits["MaxPendingBytes"] = 256L * 1024 * 1024;
            o.Limits["SlowConsumerSeconds"] = 1;
        });
        await using var fast = await gateway.ConnectRegisteredAsync();
        await using var slow = await gateway.ConnectRegisteredAsync();
        await fast.SubscribeAsync(Feed);
        await slow.SubscribeAsync(Feed);
        slow.PauseReading();

        await PublishAsync(gateway, 0, Overflow, lockStep: fast);

        // Sends to the stalled connection are stuck by now; messages keep coming for the limit plus a sweep period and a margin.
        var more = await PublishForAsync(gateway, Overflow, TimeSpan.FromSeconds(2.5), lockStep: fast);
        slow.ResumeReading();
        var close = await slow.WaitClosedAsync();

        Assert.True(close.Status == WebSocketCloseStatus.PolicyViolation, $"Closed with {close}.");
        Assert.Equal("slow consumer", close.Description);
        Assert.InRange(slow.DrainPushes().Count, 0, Overflow + more - 1);
        Assert.False(fast.IsClosed);
    }

    [Fact]
    public async Task SlowConsumer_Stalled_DoesNotDelayPublishing()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Limits["MaxPendingBytes"] = 256L * 1024 * 1024);
        await using var slow = await gateway.ConnectRegisteredAsync();
        await slow.SubscribeAsync(Feed);
        slow.PauseReading();
        var clock = Stopwatch.StartNew();

        await PublishAsync(gateway, 0, 512, lockStep: null);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"Publishing 16 MiB to a stalled subscriber took {clock.Elapsed.TotalSeconds:F1} s.");
    }

    /// <summary>
    /// Publishes <paramref name="count"/> messages of <see cref="MessageBytes"/> numbered from <paramref name="first"/> to
    /// <see cref="Feed"/>, in process. With <paramref name="lockStep"/>, waits after each for that client to receive it
    /// (checking the number), so that a reading client never has more than one message pending.
    /// </summary>
    private static async Task PublishAsync(TestGateway gateway, int first, int count, RawClient? lockStep)
    {
        for (var seq = first; seq < first + count; seq++)
        {
            await PublishOneAsync(gateway, seq, lockStep);
        }
    }

    /// <summary>Publishes as <see cref="PublishAsync"/> does for <paramref name="duration"/>; returns how many messages.</summary>
    private static async Task<int> PublishForAsync(TestGateway gateway, int first, TimeSpan duration, RawClient lockStep)
    {
        var clock = Stopwatch.StartNew();
        var seq = first;
        while (clock.Elapsed < duration)
        {
            await PublishOneAsync(gateway, seq++, lockStep);

            // Load shaping, not synchronisation: a steady trickle rather than as many as the loop can push.
            await Task.Delay(10);
        }

        return seq - first;
    }

    private static async Task PublishOneAsync(TestGateway gateway, int seq, RawClient? lockStep)
    {
        var data = Encoding.UTF8.GetBytes($$"""{"seq":{{seq}},"pad":"{{new string('x', MessageBytes)}}"}""");
        await gateway.Publisher.PublishAsync(Feed, new ReadOnlyMemory<byte>(data)).WaitAsync(TestTimeouts.Default);
        if (lockStep is not null)
        {
            var push = await lockStep.NextPushAsync();
            Assert.Equal(seq, JsonAssert.Property(JsonAssert.Property(push, "data"), "seq").GetInt32());
        }
    }
}
