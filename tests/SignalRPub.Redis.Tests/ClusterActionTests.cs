using System.Net.WebSockets;
using SignalRPub.Redis.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SignalRPub.Redis.Tests;

/// <summary>
/// Issue 10, act on any connection from any node: an HTTP action sent to any node, with either credential, acts on
/// the connection wherever it lives, asks the upstream as one node would, and answers with the connection's exact set.
/// </summary>
public sealed class ClusterActionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task HttpAction_OnAnotherNodeWithTheConnectionsToken_ActsThereAndAnswersItsSet()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var cluster = await GatewayCluster.LaunchAsync(redis, count: 2, output);
        await using var client = await cluster[0].ConnectRegisteredAsync();
        await client.SubscribeAsync("a");

        // No token secret is configured on either node: they agreed on one through Redis.
        var answer = await cluster[1].PostAsync(SeedUris.SubAdd, """{"topics":["b"]}""", client.Authorization);

        answer.AssertStatus(200);
        JsonAssert.Equal("""{"topics":["a","b"],"upstream":null}""", answer.Json);
        Assert.Equal(["a", "b"], await client.CurrentTopicsAsync());
        await cluster[1].PublishAsync("b", "through b");
        Frames.AssertPush(await client.NextPushAsync(), "b", "\"through b\"");
    }

    [Fact]
    public async Task HttpAction_OnAnotherNodeWithKeyAndConnId_ReplacesTheSetThere()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var cluster = await GatewayCluster.LaunchAsync(redis, count: 2, output);
        await using var client = await cluster[1].ConnectRegisteredAsync();
        await client.SubscribeAsync("a", "b");

        var answer = await cluster[0].PostAsync(SeedUris.SubPut, """{"topics":["c"]}""", cluster[0].BackendHeaders(client.ConnectionId));

        JsonAssert.Equal("""{"topics":["c"],"upstream":null}""", answer.Json);
        Assert.Equal(["c"], await client.CurrentTopicsAsync());
    }

    [Fact]
    public async Task HttpAction_OnAnotherNode_AsksTheUpstreamOnceAsOneNodeWouldAndKeepsItsNarrowing()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var upstream = await FakeUpstream.StartAsync(answer: call => Task.FromResult(UpstreamReply.Ok(
            call.Action == "sub_add" ? """{"topics":["allowed"]}""" : "{}")));
        await using var cluster = await GatewayCluster.LaunchAsync(redis, count: 2, output, (_, o) =>
            o.Routes = UpstreamRoutes.Seed(subAdd: UpstreamRoutes.RoundRobin(upstream.Node())));
        await using var client = await cluster[0].ConnectRegisteredAsync();

        var answer = await cluster[1].SendAsync(HttpMethod.Post, SeedUris.SubAdd + "?via=b", """{"topics":["allowed","refused"]}""",
            client.Authorization, ("msgId", "m-9"), ("ts", "132132132"));

        JsonAssert.Equal("""{"topics":["allowed"],"upstream":{"topics":["allowed"]}}""", answer.Json);
        Assert.Equal("m-9", answer.Headers.GetValues("msgId").Single());
        var call = Assert.Single(upstream.CallsFor("sub_add"));
        Assert.Equal(SeedUris.SubAdd + "?via=b", call.PathAndQuery);
        Assert.Equal(client.ConnectionId, call.Headers["X-Connection-Id"]);
        Assert.Equal("132132132", call.Headers["ts"]);
        Assert.Equal("m-9", call.Headers["msgId"]);
        Assert.Equal("127.0.0.1", call.Headers["X-Forwarded-For"]);
        Assert.False(call.Headers.ContainsKey("Authorization") && call.Headers["Authorization"].Contains("X-API-KEY", StringComparison.Ordinal));
        JsonAssert.Equal("""{"topics":["allowed","refused"]}""", JsonAssert.Parse(call.Body));
    }

    [Fact]
    public async Task HttpDisconnect_OnAnotherNode_ClosesTheSocketOnItsOwnNodeWith1000()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var cluster = await GatewayCluster.LaunchAsync(redis, count: 2, output);
        await using var client = await cluster[0].ConnectRegisteredAsync();

        var answer = await cluster[1].PostAsync(SeedUris.Disconnect, "{}", client.Authorization);

        JsonAssert.Equal("""{"upstream":null}""", answer.Json);
        var close = await client.WaitClosedAsync();
        Assert.Equal(WebSocketCloseStatus.NormalClosure, close.Status);
    }

    [Fact]
    public async Task HttpAction_OnAnotherNode_WaitsForEveryTryOfTheUpstreamAndGetsItsOutcome()
    {
        // Three nodes that never answer, one second for each of connect, send and read: three tries take nine
        // seconds, more than one try and the margin, and the asking node still hears how it ended.
        var release = new TaskCompletionSource<UpstreamReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var first = await FakeUpstream.StartAsync("first", _ => release.Task);
        await using var second = await FakeUpstream.StartAsync("second", _ => release.Task);
        await using var third = await FakeUpstream.StartAsync("third", _ => release.Task);
        await using var cluster = await GatewayCluster.LaunchAsync(redis, count: 2, output, (_, o) =>
            o.Routes = UpstreamRoutes.Seed(subAdd: UpstreamRoutes.RoundRobin(first.Node(), second.Node(), third.Node()).WithTimeout(1)));
        await using var client = await cluster[0].ConnectRegisteredAsync();
        Frames.AssertStatus(await client.RequestAsync(SeedUris.SubPut, Frames.Topics("kept")), 200);

        try
        {
            var answer = await cluster[1].PostAsync(SeedUris.SubAdd, """{"topics":["x"]}""", client.Authorization);

            answer.AssertError(504, "upstream_timeout");
            Assert.All(new[] { first, second, third }, upstream => Assert.Single(upstream.CallsFor("sub_add")));
            Assert.Equal(["kept"], await client.CurrentTopicsAsync());
            Assert.False(client.IsClosed);
        }
        finally
        {
            release.TrySetResult(UpstreamReply.Ok());
        }
    }

    [Fact]
    public async Task HttpAction_UnknownConnection_Is404OnEveryNode()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var cluster = await GatewayCluster.LaunchAsync(redis, count: 2, output);

        foreach (var node in cluster)
        {
            (await node.PostAsync(SeedUris.SubAdd, """{"topics":["a"]}""", node.BackendHeaders("no-such-connection"))).AssertError(404, "not_found");
        }
    }

    [Fact]
    public async Task HttpAction_RouteOfAnotherEntry_Is404ThroughAnyNode()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var cluster = await GatewayCluster.LaunchAsync(redis, count: 2, output, (_, o) =>
        {
            o.Routes.Add(TestRoutes.Entry("2", "/other"));
            o.Routes.Add(TestRoutes.Action("21", "/other/sub-add", "sub_add", "2"));
        });
        await using var client = await cluster[0].ConnectRegisteredAsync();

        (await cluster[1].PostAsync("/other/sub-add", """{"topics":["a"]}""", client.Authorization)).AssertError(404, "not_found");
        Assert.Empty(await client.CurrentTopicsAsync());
    }

    [Fact]
    public async Task Token_FromOneNode_StillVerifiesOnEveryNodeAfterBothRestart()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var cluster = await GatewayCluster.LaunchAsync(redis, count: 2, output);
        string token;
        await using (var client = await cluster[0].ConnectRegisteredAsync())
        {
            token = client.ConnectionToken;
        }

        await cluster[0].RestartAsync();
        await cluster[1].RestartAsync();

        // The connection is gone, so the answer is 404 — not 401: the token itself still verifies everywhere.
        foreach (var node in cluster)
        {
            (await node.PostAsync(SeedUris.SubAdd, """{"topics":["a"]}""", ("Authorization", $"Bearer {token}"))).AssertError(404, "not_found");
        }
    }

    [Fact]
    public async Task FrameAndRemoteHttpActions_OnOneConnection_NeverInterleaveHalfWay()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var cluster = await GatewayCluster.LaunchAsync(redis, count: 2, output);
        await using var client = await cluster[0].ConnectRegisteredAsync();
        // Fewer HTTP actions than may wait for one connection (RateLimits:MaxQueuedActions, 32).
        var topics = Enumerable.Range(0, 20).Select(i => $"t{i}").ToArray();

        // Frames on the socket (node a) and HTTP actions through node b, each replacing the whole set.
        var viaHttp = Task.WhenAll(topics.Select(t => cluster[1].PostAsync(SeedUris.SubPut, $$"""{"topics":["{{t}}","{{t}}-x"]}""", client.Authorization)));
        foreach (var t in topics)
        {
            await client.SendFrameAsync(SeedUris.SubPut, Frames.Topics($"{t}-frame", $"{t}-frame-x"), t);
        }

        var answers = await viaHttp;
        for (var i = 0; i < topics.Length; i++)
        {
            Frames.AssertStatus(await client.NextResponseAsync(), 200);
        }

        // Whatever order they ran in, every answer was a whole pair, and the set is one whole pair.
        Assert.All(answers, a => Assert.Equal(2, Frames.TopicsOf(a.Json).Length));
        var final = await client.CurrentTopicsAsync();
        Assert.Equal(2, final.Length);
        Assert.Equal(final[0] + "-x", final[1]);
    }
}
