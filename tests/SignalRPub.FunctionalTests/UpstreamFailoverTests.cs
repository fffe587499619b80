using System.Diagnostics;
using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>
/// PROTOCOL.md §7: nodes that cannot be reached, are too slow, or answer 502/503/504 are retried on another node;
/// when the upstream fails or refuses, the client gets the error and its connection is left exactly as it was.
/// Register, sub_add and sub_delete are local here, so the state can be set up and read without the upstream.
/// </summary>
public sealed class UpstreamFailoverTests
{
    [Fact]
    public async Task Action_OneNodeUnreachable_EveryActionSucceeds()
    {
        await using var live = await FakeUpstream.StartAsync("live");
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(subPut: UpstreamRoutes.RoundRobin(FakeUpstream.ClosedNode(), live.Node())));
        await using var client = await gateway.ConnectRegisteredAsync();

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal([$"t{i}"], Frames.Topics(await client.RequestAsync(SeedUris.SubPut, Frames.Topics($"t{i}"))));
        }

        Assert.Equal(6, live.Calls.Count);
        Assert.Empty(client.Unexpected);
    }

    [Fact]
    public async Task Action_AllNodesUnreachable_502UpstreamUnavailableAndStateUnchanged()
    {
        await using var gateway = await TestGateway.StartAsync(o =>
            o.Routes = UpstreamRoutes.Seed(subPut: UpstreamRoutes.RoundRobin(FakeUpstream.ClosedNode(), FakeUpstream.ClosedNode())));
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a", "b");

        var response = await client.RequestAsync(SeedUris.SubPut, Frames.Topics("x"));

        Frames.AssertError(response, 502, "upstream_unavailable");
        await AssertUnchangedAsync(gateway, client, "a", "b");
    }

    [Fact]
    public async Task Action_NodeSlowerThanRouteTimeout_504UpstreamTimeoutAndStateUnchanged()
    {
        await using var slow = await FakeUpstream.StartAsync("slow");
        slow.NeverAnswer();
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(subPut: UpstreamRoutes.RoundRobin(slow.Node()).WithTimeout(0.2)));
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a", "b");

        var clock = Stopwatch.StartNew();
        var response = await client.RequestAsync(SeedUris.SubPut, Frames.Topics("x"));

        Frames.AssertError(response, 504, "upstream_timeout");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"The route's timeout is 0.6 s in all, but the answer took {clock.Elapsed}.");
        Assert.Single(slow.Calls);
        await AssertUnchangedAsync(gateway, client, "a", "b");
    }

    [Fact]
    public async Task Action_OneNodeSlowerThanRouteTimeout_RetriedOnOtherNode()
    {
        await using var slow = await FakeUpstream.StartAsync("slow");
        await using var fast = await FakeUpstream.StartAsync("fast");
        slow.NeverAnswer();
        await using var gateway = await TestGateway.StartAsync(o =>
            o.Routes = UpstreamRoutes.Seed(subPut: UpstreamRoutes.RoundRobin(slow.Node(2), fast.Node(1)).WithTimeout(0.2)));
        await using var client = await gateway.ConnectRegisteredAsync();

        Assert.Equal(["x"], Frames.Topics(await client.RequestAsync(SeedUris.SubPut, Frames.Topics("x"))));
        Assert.Single(slow.Calls);
        Assert.Single(fast.Calls);
    }

    [Theory]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Action_NodeAnswersGatewayError_RetriedOnOtherNode(int status)
    {
        await using var failing = await FakeUpstream.StartAsync("failing", _ => Task.FromResult(new UpstreamReply(status, """{"busy":true}""")));
        await using var healthy = await FakeUpstream.StartAsync("healthy", _ => Task.FromResult(UpstreamReply.Ok("""{"node":"healthy"}""")));

        // Weights 2:1 make the failing node the first pick.
        await using var gateway = await TestGateway.StartAsync(o =>
            o.Routes = UpstreamRoutes.Seed(subPut: UpstreamRoutes.RoundRobin(failing.Node(2), healthy.Node(1))));
        await using var client = await gateway.ConnectRegisteredAsync();

        var response = await client.RequestAsync(SeedUris.SubPut, Frames.Topics("x"));

        Assert.Equal(["x"], Frames.Topics(response));
        JsonAssert.Equal("""{"node":"healthy"}""", JsonAssert.Property(Frames.Body(response), "upstream"));
        var first = Assert.Single(failing.Calls);
        var retry = Assert.Single(healthy.Calls);
        Assert.Equal(first.Body, retry.Body);
        Assert.Equal(first.Header("X-Connection-Id"), retry.Header("X-Connection-Id"));
        Assert.True(first.ArrivedAt <= retry.ArrivedAt);
    }

    [Fact]
    public async Task Action_EveryNodeAnswers503_StatusRelayedAsRejectedAndStateUnchanged()
    {
        await using var a = await FakeUpstream.StartAsync("a", _ => Task.FromResult(new UpstreamReply(503, """{"busy":"a"}""")));
        await using var b = await FakeUpstream.StartAsync("b", _ => Task.FromResult(new UpstreamReply(503, """{"busy":"b"}""")));
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(subPut: UpstreamRoutes.RoundRobin(a.Node(2), b.Node(1))));
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a");

        var response = await client.RequestAsync(SeedUris.SubPut, Frames.Topics("x"));

        Frames.AssertError(response, 503, "upstream_rejected");
        JsonAssert.Equal("""{"busy":"b"}""", JsonAssert.Property(Frames.Body(response), "upstream"));
        Assert.Single(a.Calls);
        Assert.Single(b.Calls);
        await AssertUnchangedAsync(gateway, client, "a");
    }

    [Fact]
    public async Task Action_NodeAnswers403_StatusAndBodyRelayedNotRetriedAndStateUnchanged()
    {
        const string refusal = """{"code":4031,"reason":"no entitlement","topics":["x"]}""";
        await using var refusing = await FakeUpstream.StartAsync("refusing", _ => Task.FromResult(new UpstreamReply(403, refusal)));
        await using var other = await FakeUpstream.StartAsync("other");
        await using var gateway = await TestGateway.StartAsync(o =>
            o.Routes = UpstreamRoutes.Seed(subPut: UpstreamRoutes.RoundRobin(refusing.Node(2), other.Node(1))));
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a", "b");

        var response = await client.RequestAsync(SeedUris.SubPut, Frames.Topics("x"));

        Frames.AssertError(response, 403, "upstream_rejected");
        var body = Frames.Body(response);
        Assert.Equal(["error", "upstream"], body.EnumerateObject().Select(p => p.Name));
        JsonAssert.Equal(refusal, body.GetProperty("upstream"));
        Assert.Single(refusing.Calls);
        Assert.Empty(other.Calls);
        await AssertUnchangedAsync(gateway, client, "a", "b");
    }

    [Fact]
    public async Task Action_NodeFailedThreeTimesInARow_SkippedWhileAnotherIsHealthy()
    {
        await using var failing = await FakeUpstream.StartAsync("failing", _ => Task.FromResult(new UpstreamReply(503, "{}")));
        await using var healthy = await FakeUpstream.StartAsync("healthy");
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            o.Routes = UpstreamRoutes.Seed(subPut: UpstreamRoutes.RoundRobin(failing.Node(), healthy.Node()));
            o.Settings["Upstreams"] = new JsonObject { ["UnhealthyAfterFailures"] = 3, ["UnhealthySeconds"] = 60 };
        });
        await using var client = await gateway.ConnectRegisteredAsync();

        for (var i = 0; i < 12; i++)
        {
            Assert.Equal([$"t{i}"], Frames.Topics(await client.RequestAsync(SeedUris.SubPut, Frames.Topics($"t{i}"))));
        }

        // Round robin over equal weights picks the failing node first on every other action until it rests.
        Assert.Equal(3, failing.Calls.Count);
        Assert.Equal(12, healthy.Calls.Count);
    }

    /// <summary>The connection still holds exactly <paramref name="topics"/>, its socket is open, and pushes still reach it.</summary>
    private static async Task AssertUnchangedAsync(TestGateway gateway, RawClient client, params string[] topics)
    {
        Assert.Equal(topics, await client.CurrentTopicsAsync());
        await gateway.PublishAsync(topics[0], JsonValue.Create("still here"));
        Frames.AssertPush(await client.NextPushAsync(), topics[0], "\"still here\"");
        Assert.False(client.IsClosed);
    }
}
