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
}
