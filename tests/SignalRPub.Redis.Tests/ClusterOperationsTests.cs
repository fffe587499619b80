using SignalRPub.Redis.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SignalRPub.Redis.Tests;

/// <summary>Issue 10, operations are cluster-wide: a connection is found through any node; topics and stats sum every node.</summary>
public sealed class ClusterOperationsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Connection_OnAnotherNode_IsFoundWithItsNode()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var cluster = await GatewayCluster.LaunchAsync(redis, count: 2, output);
        await using var client = await cluster[0].ConnectRegisteredAsync();
        await client.SubscribeAsync("a");

        var found = await cluster[1].AdminAsync(HttpMethod.Get, $"/signalrpub/connections/{client.ConnectionId}");

        found.AssertStatus(200);
        Assert.Equal(client.ConnectionId, JsonAssert.Property(found.Json, "connectionId").GetString());
        Assert.Equal(["a"], JsonAssert.Property(found.Json, "topics").EnumerateArray().Select(t => t.GetString()));
        var own = await cluster[0].AdminAsync(HttpMethod.Get, $"/signalrpub/connections/{client.ConnectionId}");
        Assert.Equal(JsonAssert.Property(own.Json, "node").GetString(), JsonAssert.Property(found.Json, "node").GetString());
        (await cluster[1].AdminAsync(HttpMethod.Get, "/signalrpub/connections/nobody")).AssertError(404, "not_found");
    }

    [Fact]
    public async Task TopicsAndStats_ThroughAnyNode_SumEveryNodeAndListEach()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var cluster = await GatewayCluster.LaunchAsync(redis, count: 2, output);
        await using var a1 = await cluster[0].ConnectRegisteredAsync();
        await using var a2 = await cluster[0].ConnectRegisteredAsync();
        await using var b1 = await cluster[1].ConnectRegisteredAsync();
        await a1.SubscribeAsync("shared", "only-a");
        await a2.SubscribeAsync("shared");
        await b1.SubscribeAsync("shared", "only-b");

        foreach (var node in cluster)
        {
            var topic = await node.AdminAsync(HttpMethod.Get, "/signalrpub/topics/shared");
            Assert.Equal(3, JsonAssert.Property(topic.Json, "subscribers").GetInt32());
            Assert.Equal([2, 1], JsonAssert.Property(topic.Json, "nodes").EnumerateArray().Select(n => n.GetProperty("subscribers").GetInt32()).Order().Reverse());

            var stats = (await node.AdminAsync(HttpMethod.Get, "/signalrpub/stats")).Json;
            Assert.Equal(3, JsonAssert.Property(stats, "connections").GetInt32());
            Assert.Equal(3, JsonAssert.Property(stats, "registered").GetInt32());
            Assert.Equal(3, JsonAssert.Property(stats, "topics").GetInt32());
            Assert.Equal(2, JsonAssert.Property(stats, "nodes").GetArrayLength());
            Assert.Empty(JsonAssert.Property(stats, "unreachableNodes").EnumerateArray());
            Assert.True(JsonAssert.Property(stats, "clusterAvailable").GetBoolean());
        }
    }

    [Fact]
    public async Task User_WithConnectionsOnBothNodes_IsListedWholeThroughEitherNode()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var upstream = await FakeUpstream.StartAsync("auth", _ => Task.FromResult(UpstreamReply.Ok("""{"userId":"alice"}""")));
        await using var cluster = await GatewayCluster.LaunchAsync(redis, count: 2, output, (_, o) =>
            o.Routes = UpstreamRoutes.Seed(register: UpstreamRoutes.RoundRobin(upstream.Node())));
        await using var onA = await cluster[0].ConnectRegisteredAsync();
        await using var onB = await cluster[1].ConnectRegisteredAsync();

        foreach (var node in cluster)
        {
            // The directory is written in batches: both entries are there shortly after registration.
            await Poll.UntilAsync(async () => JsonAssert.Property((await node.AdminAsync(HttpMethod.Get, "/signalrpub/users/alice")).Json, "connections").GetArrayLength() == 2,
                $"node {node.Name} to list both of alice's connections");
            var answer = await node.AdminAsync(HttpMethod.Get, "/signalrpub/users/alice");

            var connections = JsonAssert.Property(answer.Json, "connections").EnumerateArray().ToList();
            Assert.Equal(new[] { onA.ConnectionId, onB.ConnectionId }.Order(StringComparer.Ordinal), connections.Select(c => c.GetProperty("connectionId").GetString()));
            Assert.Equal(2, connections.Select(c => c.GetProperty("node").GetString()).Distinct().Count());
            Assert.DoesNotContain("\\u002B", answer.Text, StringComparison.Ordinal);
            Assert.All(connections, c => Assert.EndsWith("+00:00", c.GetProperty("connectedAt").GetString(), StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task RedisStopped_LookupsThatNeedAnotherNodeAnswer503AndLocalOnesStillWork()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var cluster = await GatewayCluster.LaunchAsync(redis, count: 2, output);
        await using var onA = await cluster[0].ConnectRegisteredAsync();

        await redis.StopAsync();
        await Poll.UntilAsync(async () => (await cluster[1].PublishJsonAsync("""{"topic":"t","data":0}""")).StatusCode == 503, "node b to see Redis gone");

        var remote = await cluster[1].AdminAsync(HttpMethod.Get, $"/signalrpub/connections/{onA.ConnectionId}");
        var user = await cluster[1].AdminAsync(HttpMethod.Get, "/signalrpub/users/alice");
        var local = await cluster[0].AdminAsync(HttpMethod.Get, $"/signalrpub/connections/{onA.ConnectionId}");

        remote.AssertError(503, "unavailable");
        Assert.Equal("1", remote.Headers.RetryAfter?.ToString());
        user.AssertError(503, "unavailable");
        local.AssertStatus(200);
        Assert.Equal(onA.ConnectionId, JsonAssert.Property(local.Json, "connectionId").GetString());
    }
}
