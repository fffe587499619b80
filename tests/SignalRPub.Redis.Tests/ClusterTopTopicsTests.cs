using SignalRPub.Redis.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SignalRPub.Redis.Tests;

/// <summary><c>/signalrpub/topics?top=N</c> (the dashboard's top topics) on a cluster: subscribers summed over the nodes.</summary>
public sealed class ClusterTopTopicsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TopTopics_ThroughAnyNode_SubscribersSummedOverTheNodes()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var cluster = await GatewayCluster.LaunchAsync(redis, count: 2, output);
        await using var a1 = await cluster[0].ConnectRegisteredAsync();
        await using var a2 = await cluster[0].ConnectRegisteredAsync();
        await using var b1 = await cluster[1].ConnectRegisteredAsync();
        await a1.SubscribeAsync("shared", "only-a");
        await a2.SubscribeAsync("shared", "only-a");
        await b1.SubscribeAsync("shared", "only-b");

        foreach (var node in cluster)
        {
            var answer = await node.AdminAsync(HttpMethod.Get, "/signalrpub/topics?top=2");

            answer.AssertStatus(200);
            JsonAssert.Equal("""[{"topic":"shared","subscribers":3},{"topic":"only-a","subscribers":2}]""", JsonAssert.Property(answer.Json, "topics"));
            Assert.Equal(2, JsonAssert.Property(answer.Json, "nodes").GetArrayLength());
            Assert.Equal(0, JsonAssert.Property(answer.Json, "unreachableNodes").GetArrayLength());
        }
    }
}
