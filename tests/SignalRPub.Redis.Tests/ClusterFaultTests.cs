using System.Diagnostics;
using System.Net;
using SignalRPub.Redis.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SignalRPub.Redis.Tests;

/// <summary>
/// Issue 10, faults: a node killed, Redis stopped, Redis hanging, Redis restarted empty. Nobody else waits on what
/// failed, no change is half made, and everything comes back without a restart.
/// </summary>
public sealed class ClusterFaultTests(ITestOutputHelper output)
{
    // A short timeout keeps the tests short; the default (30 s) is documented.
    private const int NodeTimeoutSeconds = 3;

    // "Within a second" for the gateway; the rest is the machine (a shared CI runner) and the HTTP round trip.
    private static readonly TimeSpan s_promptly = TimeSpan.FromSeconds(2.5);

    [Fact]
    public async Task NodeKilled_ItsConnectionsLeaveTheDirectoryAndTheTotalsAndActionsOnThemGet404()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var cluster = await LaunchAsync(redis);
        var onA = await cluster[0].ConnectRegisteredAsync();
        await using var onB = await cluster[1].ConnectRegisteredAsync();
        await onA.SubscribeAsync("t");
        await onB.SubscribeAsync("t");

        await cluster[0].KillAsync();

        await Poll.UntilAsync(async () => (await cluster[1].PostAsync(SeedUris.SubAdd, """{"topics":["x"]}""", cluster[1].BackendHeaders(onA.ConnectionId))).StatusCode == 404,
            "the killed node's connection to be unknown");
        var stats = (await cluster[1].AdminAsync(HttpMethod.Get, "/signalrpub/stats")).Json;
        Assert.Equal(1, JsonAssert.Property(stats, "connections").GetInt32());
        Assert.Equal(1, JsonAssert.Property(stats, "nodes").GetArrayLength());
        Assert.Equal(1, JsonAssert.Property((await cluster[1].AdminAsync(HttpMethod.Get, "/signalrpub/topics/t")).Json, "subscribers").GetInt32());

        // The living node serves as before.
        await cluster[1].PublishAsync("t", "still here");
        Frames.AssertPush(await onB.NextPushAsync(), "t", "\"still here\"");
        await onA.DisposeAsync();
    }

    [Fact]
    public async Task RedisStopped_PublishesAndCrossNodeActionsAnswer503PromptlyAndLocalSocketsStay()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var cluster = await LaunchAsync(redis);
        await using var onA = await cluster[0].ConnectRegisteredAsync();
        await onA.SubscribeAsync("t");

        await redis.StopAsync();
        await Poll.UntilAsync(async () => (await cluster[1].PublishJsonAsync("""{"topic":"t","data":0}""")).StatusCode == 503, "node b to see Redis gone");

        var clock = Stopwatch.StartNew();
        var publish = await cluster[1].PublishJsonAsync("""{"topic":"t","data":1}""");
        var action = await cluster[1].PostAsync(SeedUris.SubAdd, """{"topics":["x"]}""", onA.Authorization);
        Assert.True(clock.Elapsed < s_promptly * 2, $"Two requests during the outage took {clock.Elapsed.TotalSeconds:F1} s.");

        publish.AssertError(503, "unavailable");
        action.AssertError(503, "unavailable");
        Assert.Equal("1", action.Headers.RetryAfter?.ToString());
        Assert.False(onA.IsClosed);

        // An action on the node's own socket either completes or answers 503, and the set always matches the answer.
        var local = await onA.RequestAsync(SeedUris.SubAdd, Frames.Topics("y"));
        var status = local.GetProperty("status").GetInt32();
        Assert.True(status is 200 or 503, local.GetRawText());
        Assert.Equal(status == 200 ? ["t", "y"] : ["t"], await onA.CurrentTopicsAsync());
    }

    [Fact]
    public async Task RedisStopped_NewSocketsAndNegotiationsGet503WithRetryAfterAndTheNodeLogsOneLineNotOnePerAttempt()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var cluster = await LaunchAsync(redis);
        var node = cluster[0];
        await redis.StopAsync();
        var clock = Stopwatch.StartNew();
        await Poll.UntilAsync(async () => await Upgrade.StatusAsync(node.WsUri()) == HttpStatusCode.ServiceUnavailable, "node a to refuse sockets");

        var upgrades = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            upgrades.Add(await Upgrade.StatusAsync(node.WsUri()));
        }

        var negotiate = await node.SendAsync(HttpMethod.Post, $"/hub/negotiate?entry={SeedUris.EntryId}&negotiateVersion=1", "");

        Assert.All(upgrades, status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));
        negotiate.AssertError(503, "unavailable");
        Assert.Equal("1", negotiate.Headers.RetryAfter?.ToString());
        await node.WaitForLogAsync(l => l.Contains("New connections are refused with 503", StringComparison.Ordinal), "the refusals logged");
        var lines = node.Output.Lines;

        // One line, then at most one per 10 s however many sockets knock.
        var refusals = lines.Count(l => l.Contains("New connections are refused with 503", StringComparison.Ordinal));
        Assert.InRange(refusals, 1, 1 + (int)(clock.Elapsed.TotalSeconds / 10));
        Assert.DoesNotContain(lines, l => l.Contains("of a raw socket failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RedisBack_SubscriptionsMadeBeforeReceiveAgainAndCrossNodeActionsWork()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var cluster = await LaunchAsync(redis);
        await using var onA = await cluster[0].ConnectRegisteredAsync();
        await onA.SubscribeAsync("t");

        await redis.StopAsync();
        await Poll.UntilAsync(async () => (await cluster[1].PublishJsonAsync("""{"topic":"t","data":0}""")).StatusCode == 503, "node b to see Redis gone");
        await redis.StartAsync();

        await AssertReceivesAgainAsync(cluster[1], onA, "t");
        await Poll.UntilAsync(async () => (await cluster[1].PostAsync(SeedUris.SubAdd, """{"topics":["u"]}""", onA.Authorization)).StatusCode == 200,
            "node b to act on node a's connection again");
        Assert.Equal(["t", "u"], await onA.CurrentTopicsAsync());
    }

    [Fact]
    public async Task RedisAwayLongerThanTheNodeTimeout_BackWithItsData_NoNodeClearsAnotherThatLives()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var cluster = await LaunchAsync(redis);
        await using var onB = await cluster[1].ConnectRegisteredAsync();
        await onB.SubscribeAsync("t");

        await redis.StopAsync();
        foreach (var node in cluster)
        {
            await Poll.UntilAsync(async () => (await node.PublishJsonAsync("""{"topic":"t","data":0}""")).StatusCode == 503, $"node {node.Name} to see Redis gone");
        }

        // The outage itself, not a synchronisation: it must last until every heartbeat key has expired when Redis loads
        // its data again, and nothing signals that but the clock.
        await Task.Delay(TimeSpan.FromSeconds(NodeTimeoutSeconds + 1));
        await redis.StartAsync();

        // For two node timeouts after, an action through node a on node b's connection is never "no such connection".
        await Poll.UntilAsync(async () => (await cluster[0].PostAsync(SeedUris.SubAdd, """{"topics":["u"]}""", onB.Authorization)).StatusCode == 200,
            "node a to act on node b's connection again");
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(NodeTimeoutSeconds * 2))
        {
            var answer = await cluster[0].PostAsync(SeedUris.SubAdd, """{"topics":["u"]}""", onB.Authorization);
            Assert.True(answer.StatusCode == 200, $"{answer.StatusCode} after {watch.Elapsed.TotalSeconds:F1} s: {answer.Json}");
        }

        Assert.All(cluster, node => Assert.DoesNotContain(node.Output.Lines, l => l.Contains("stopped beating", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RedisHanging_PublishesAnswer503WithinTheCommandTimeoutInsteadOfWaiting()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var cluster = await LaunchAsync(redis);
        await using var onA = await cluster[0].ConnectRegisteredAsync();
        await onA.SubscribeAsync("t");

        redis.Pause();
        try
        {
            var clock = Stopwatch.StartNew();
            var publish = await cluster[1].PublishJsonAsync("""{"topic":"t","data":1}""");
            var took = clock.Elapsed;

            publish.AssertError(503, "unavailable");
            Assert.True(took < s_promptly, $"A publish while Redis hung took {took.TotalSeconds:F1} s.");
        }
        finally
        {
            redis.Resume();
        }

        await AssertReceivesAgainAsync(cluster[1], onA, "t");
    }

    [Fact]
    public async Task RedisRestartedEmpty_TheClusterWritesBackDirectorySecretAndRoutesAndSaysSo()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var cluster = await LaunchAsync(redis);
        await using var onA = await cluster[0].ConnectRegisteredAsync();
        await onA.SubscribeAsync("t");
        var logA = cluster[0].Output.Count;
        var logB = cluster[1].Output.Count;

        await redis.RestartEmptyAsync();

        await cluster[0].WaitForLogAsync(l => l.Contains("Redis had lost this node", StringComparison.Ordinal), "node a to notice the empty Redis", since: logA);
        await cluster[1].WaitForLogAsync(l => l.Contains("The route store had lost its routes", StringComparison.Ordinal)
            || l.Contains("Redis had lost this node", StringComparison.Ordinal), "node b to notice the empty Redis", since: logB);

        // The directory: node b acts on node a's connection with the token issued before (the secret is back too).
        await Poll.UntilAsync(async () => (await cluster[1].PostAsync(SeedUris.SubAdd, """{"topics":["u"]}""", onA.Authorization)).StatusCode == 200,
            "node b to act on node a's connection again");

        // The routes: back in Redis, so a node that starts now finds them.
        await Poll.UntilAsync(async () => (long)(await redis.ExecuteAsync("EXISTS", "signalrpub:routes"))! == 1, "the routes to be written back");
        await using var late = await GatewayNode.LaunchAsync(o => { o.Name = "late"; o.UseRedis(redis); o.Routes = []; }, output);
        Assert.Equal(6, JsonAssert.Property((await late.AdminAsync(HttpMethod.Get, "/apisix/admin/routes")).Json, "total").GetInt32());

        // And pushes: the subscription made before reaches node a again.
        await AssertReceivesAgainAsync(cluster[1], onA, "t");
    }

    private Task<GatewayCluster> LaunchAsync(RedisServer redis) =>
        GatewayCluster.LaunchAsync(redis, count: 2, output, (_, o) => o.Settings["Redis"] = new System.Text.Json.Nodes.JsonObject { ["NodeTimeoutSeconds"] = NodeTimeoutSeconds });

    /// <summary>
    /// Publishes numbered messages to <paramref name="topic"/> through <paramref name="node"/> until the subscriber gets
    /// one: each node re-subscribes when its own connection to Redis is back, and a message published on a node that is
    /// back before the subscriber's node reaches nobody (Redis pub/sub keeps nothing), so only "eventually" holds.
    /// </summary>
    private static async Task AssertReceivesAgainAsync(GatewayNode node, RawClient subscriber, string topic)
    {
        var deadline = Stopwatch.StartNew();
        for (var n = 0; ; n++)
        {
            Assert.True(deadline.Elapsed < TestTimeouts.Default, $"No push on {topic} reached the subscriber within {TestTimeouts.Default.TotalSeconds} s of Redis being back.");
            if ((await node.PublishJsonAsync($$"""{"topic":"{{topic}}","data":{{n}}}""")).StatusCode != 202)
            {
                // The publishing node is not back yet either: a poll interval, not a synchronisation.
                await Task.Delay(50);
                continue;
            }

            try
            {
                var push = await subscriber.NextPushAsync(TimeSpan.FromMilliseconds(300));
                Assert.Equal(topic, JsonAssert.Property(push, "topic").GetString());
                return;
            }
            catch (TimeoutException)
            {
                // Not subscribed again yet: the next message.
            }
        }
    }
}
