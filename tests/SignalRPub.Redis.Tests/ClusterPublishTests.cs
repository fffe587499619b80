using System.Text.Json.Nodes;
using SignalRPub.Redis.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SignalRPub.Redis.Tests;

/// <summary>
/// Issue 10, publish anywhere, deliver everywhere: a publish on any node reaches subscribers on every node — topics,
/// <c>$conn:</c>, <c>$user:</c>, <c>$all</c> — raw, JSON-hub and MessagePack-hub alike.
/// </summary>
public sealed class ClusterPublishTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Publish_OnOneNode_ReachesTopicSubscribersOfEveryKindOnEveryNode()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var cluster = await GatewayCluster.LaunchAsync(redis, count: 2, output);
        await using var rawA = await cluster[0].ConnectRegisteredAsync();
        await using var rawB = await cluster[1].ConnectRegisteredAsync();
        await using var jsonA = await cluster[0].ConnectHubAsync(HubProtocolKind.Json);
        await using var packB = await cluster[1].ConnectHubAsync(HubProtocolKind.MessagePack);
        await jsonA.RegisterAsync();
        await packB.RegisterAsync();
        await rawA.SubscribeAsync("quotes");
        await rawB.SubscribeAsync("quotes");
        Frames.AssertStatus(await jsonA.RequestAsync(SeedUris.SubAdd, HubClient.Topics("quotes")), 200);
        Frames.AssertStatus(await packB.RequestAsync(SeedUris.SubAdd, HubClient.Topics("quotes")), 200);

        await cluster[1].PublishAsync("quotes", new JsonObject { ["last"] = 1.5 });
        await cluster[0].PublishAsync("quotes", new JsonObject { ["last"] = 2.5 });

        foreach (var last in (string[])["1.5", "2.5"])
        {
            Frames.AssertPush(await rawA.NextPushAsync(), "quotes", $$"""{"last":{{last}}}""");
            Frames.AssertPush(await rawB.NextPushAsync(), "quotes", $$"""{"last":{{last}}}""");
            JsonAssert.Equal($$$"""{"topic":"quotes","data":{"last":{{{last}}}}}""", await jsonA.NextPushAsync());
            JsonAssert.Equal($$$"""{"topic":"quotes","data":{"last":{{{last}}}}}""", await packB.NextPushAsync());
        }
    }

    [Fact]
    public async Task Publish_ReservedTopics_ReachTheirConnectionsOnWhicheverNode()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var upstream = await FakeUpstream.StartAsync(answer: call => Task.FromResult(UpstreamReply.Ok(
            call.Action == "register" ? """{"userId":"alice"}""" : "{}")));
        await using var cluster = await GatewayCluster.LaunchAsync(redis, count: 2, output, (_, o) => o.Routes = UpstreamRoutes.Seed(register: UpstreamRoutes.RoundRobin(upstream.Node())));
        await using var aliceOnA = await cluster[0].ConnectRegisteredAsync();
        await using var aliceOnB = await cluster[1].ConnectRegisteredAsync();

        await cluster[1].PublishAsync($"$conn:{aliceOnA.ConnectionId}", "just you");
        await cluster[0].PublishAsync("$user:alice", "both of you");
        await cluster[1].PublishAsync("$all", "everyone");

        Frames.AssertPush(await aliceOnA.NextPushAsync(), $"$conn:{aliceOnA.ConnectionId}", "\"just you\"");
        Frames.AssertPush(await aliceOnA.NextPushAsync(), "$user:alice", "\"both of you\"");
        Frames.AssertPush(await aliceOnB.NextPushAsync(), "$user:alice", "\"both of you\"");
        Frames.AssertPush(await aliceOnA.NextPushAsync(), "$all", "\"everyone\"");
        Frames.AssertPush(await aliceOnB.NextPushAsync(), "$all", "\"everyone\"");
    }

    [Fact]
    public async Task Publish_ThroughANodeWithoutClients_ReachesEveryKindOfSubscriberElsewhere()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var cluster = await GatewayCluster.LaunchAsync(redis, count: 2, output);
        await using var witnesses = await Witnesses.ConnectAsync(cluster[0]);

        // Node b has no clients at all: a publish-only node serialises for every protocol, the raw frames' included.
        await witnesses.AssertEachReceivesAsync(cluster[1]);
        await witnesses.AssertEachReceivesAsync(cluster[1]);
    }

    [Fact]
    public async Task TwoClusters_SharingOneRedisUnderTwoPrefixes_DoNotSeeEachOther()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var blue = await GatewayNode.LaunchAsync(o => { o.Name = "blue"; o.UseRedis(redis, "blue"); }, output);
        await using var green = await GatewayNode.LaunchAsync(o => { o.Name = "green"; o.UseRedis(redis, "green"); }, output);
        await using var onBlue = await blue.ConnectRegisteredAsync();
        await using var onGreen = await green.ConnectRegisteredAsync();
        await onBlue.SubscribeAsync("shared-name");
        await onGreen.SubscribeAsync("shared-name");

        await green.PublishAsync("shared-name", "green only");
        await blue.PublishAsync("shared-name", "blue only");

        Frames.AssertPush(await onGreen.NextPushAsync(), "shared-name", "\"green only\"");
        Frames.AssertPush(await onBlue.NextPushAsync(), "shared-name", "\"blue only\"");
        Assert.Empty(onBlue.DrainPushes());
        Assert.Empty(onGreen.DrainPushes());
        Assert.Equal(404, (await green.PostAsync(SeedUris.SubAdd, """{"topics":["x"]}""", green.BackendHeaders(onBlue.ConnectionId))).StatusCode);
    }
}
