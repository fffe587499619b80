using System.Net.WebSockets;
using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>PROTOCOL.md §5, HTTP form: actions POSTed for a connection named by its token, or by the publish key and its id.</summary>
public sealed class HttpActionTests
{
    [Fact]
    public async Task Post_SubAddWithBearerToken_AppliesToThatConnection()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        var answer = await gateway.PostAsync(SeedUris.SubAdd, """{"topics":["b","a"]}""", client.Authorization);
        await gateway.PublishAsync("a", JsonValue.Create(1));

        answer.AssertStatus(200);
        JsonAssert.Equal("""{"topics":["a","b"],"upstream":null}""", answer.Json);
        Frames.AssertPush(await client.NextPushAsync(), "a", "1");
    }

    [Fact]
    public async Task Post_SubAddWithApiKeyAndConnId_AppliesToThatConnection()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        var answer = await gateway.PostAsync(SeedUris.SubAdd, """{"topics":["a"]}""", gateway.BackendHeaders(client.ConnectionId));
        await gateway.PublishAsync("a", JsonValue.Create(1));

        answer.AssertStatus(200);
        JsonAssert.Equal("""{"topics":["a"],"upstream":null}""", answer.Json);
        Frames.AssertPush(await client.NextPushAsync(), "a", "1");
    }

    [Fact]
    public async Task Post_SubPutWithBearerToken_ReplacesSet()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a", "b");

        var answer = await gateway.PostAsync(SeedUris.SubPut, """{"topics":["c"]}""", client.Authorization);

        answer.AssertStatus(200);
        Assert.Equal(["c"], Frames.TopicsOf(answer.Json));
    }

    [Fact]
    public async Task Post_SubDeleteWithApiKeyAndConnId_RemovesTopics()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a", "b");

        var answer = await gateway.PostAsync(SeedUris.SubDelete, """{"topics":["a"]}""", gateway.BackendHeaders(client.ConnectionId));

        answer.AssertStatus(200);
        Assert.Equal(["b"], Frames.TopicsOf(answer.Json));
    }

    [Fact]
    public async Task Post_SubAdd_SetIsSharedWithWebSocketActions()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        (await gateway.PostAsync(SeedUris.SubAdd, """{"topics":["by-http"]}""", client.Authorization)).AssertStatus(200);

        Assert.Equal(["by-http", "by-ws"], await client.SubscribeAsync("by-ws"));
    }

    [Fact]
    public async Task Post_WithSeedHeaders_IsServed()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        var answer = await gateway.PostAsync(
            SeedUris.SubAdd,
            """{"topics":["a"]}""",
            [client.Authorization, ("ts", "132132132"), ("msgId", "2"), ("client-metadata", "{}")]);

        answer.AssertStatus(200);
    }

    [Fact]
    public async Task Post_MsgIdHeader_IsEchoedAsResponseHeader()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        var answer = await gateway.PostAsync(SeedUris.SubAdd, """{"topics":["a"]}""", client.Authorization, ("msgId", "abc-42"));

        answer.AssertStatus(200);
        Assert.Equal(["abc-42"], answer.Headers.GetValues("msgId"));
    }

    [Fact]
    public async Task Post_ErrorWithMsgIdHeader_EchoesIt()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        var answer = await gateway.PostAsync(SeedUris.SubAdd, """{"topics":["$all"]}""", client.Authorization, ("msgId", "7"));

        answer.AssertError(400, "invalid_topic");
        Assert.Equal(["7"], answer.Headers.GetValues("msgId"));
    }

    [Fact]
    public async Task Post_Disconnect_Answers200AndClosesSocketWith1000()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        var answer = await gateway.PostAsync(SeedUris.Disconnect, "{}", client.Authorization);

        answer.AssertStatus(200);
        JsonAssert.Equal("""{"upstream":null}""", answer.Json);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, (await client.WaitClosedAsync()).Status);
    }

    [Fact]
    public async Task Post_UpstreamRejects_RelaysStatusAndUpstreamBody()
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectRegisteredAsync();
        upstream.AnswerWith(_ => FakeForwarder.Json(402, """{"reason":"pay"}"""));

        var answer = await gateway.PostAsync(SeedUris.SubAdd, """{"topics":["a"]}""", client.Authorization);

        answer.AssertError(402, "upstream_rejected");
        JsonAssert.Equal("""{"reason":"pay"}""", JsonAssert.Property(answer.Json, "upstream"));
    }

    [Fact]
    public async Task Post_UpstreamNarrows_AnswersNarrowedSetAndUpstreamBody()
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectRegisteredAsync();
        upstream.AnswerWith(_ => FakeForwarder.Json(200, """{"topics":["a"]}"""));

        var answer = await gateway.PostAsync(SeedUris.SubAdd, """{"topics":["a","b"]}""", client.Authorization);

        answer.AssertStatus(200);
        JsonAssert.Equal("""{"topics":["a"],"upstream":{"topics":["a"]}}""", answer.Json);
    }

    [Fact]
    public async Task Post_QueryString_IsForwardedToUpstream()
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectRegisteredAsync();

        (await gateway.PostAsync(SeedUris.SubAdd + "?account=9", """{"topics":["a"]}""", client.Authorization)).AssertStatus(200);

        Assert.Equal(SeedUris.SubAdd + "?account=9", Assert.Single(upstream.RequestsFor("sub_add")).PathAndQuery);
    }
}
