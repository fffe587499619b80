using System.Net.WebSockets;
using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;
using SignalRPub.Upstreams;

namespace SignalRPub.FunctionalTests;

/// <summary>PROTOCOL.md §3: opening a connection on an entry route and registering it.</summary>
public sealed class RegistrationTests
{
    [Fact]
    public async Task Register_LocalRoute_AnswersConnectionIdTokenAndNullUpstream()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectAsync();

        var response = await client.RequestAsync(SeedUris.Register);

        Frames.AssertStatus(response, 200);
        var body = Frames.Body(response);
        Assert.False(string.IsNullOrEmpty(JsonAssert.Property(body, "connectionId").GetString()));
        Assert.False(string.IsNullOrEmpty(JsonAssert.Property(body, "connectionToken").GetString()));
        JsonAssert.Null(JsonAssert.Property(body, "upstream"));
    }

    [Fact]
    public async Task Register_TwoConnections_GetDifferentIdsAndTokens()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var first = await gateway.ConnectRegisteredAsync();
        await using var second = await gateway.ConnectRegisteredAsync();

        Assert.NotEqual(first.ConnectionId, second.ConnectionId);
        Assert.NotEqual(first.ConnectionToken, second.ConnectionToken);
    }

    [Fact]
    public async Task Register_Twice_KeepsConnectionIdAndToken()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        var (id, token) = (client.ConnectionId, client.ConnectionToken);

        await client.RegisterAsync();

        Assert.Equal(id, client.ConnectionId);
        Assert.Equal(token, client.ConnectionToken);
    }

    [Theory]
    [InlineData(SeedUris.SubAdd)]
    [InlineData(SeedUris.SubPut)]
    [InlineData(SeedUris.SubDelete)]
    [InlineData(SeedUris.Disconnect)]
    public async Task Action_BeforeRegister_Returns401NotRegistered(string uri)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectAsync();

        var response = await client.RequestAsync(uri, Frames.Topics("t1"));

        Frames.AssertError(response, 401, "not_registered");
    }

    [Fact]
    public async Task Action_BeforeRegister_LeavesSocketOpenAndRegistrable()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectAsync();
        Frames.AssertError(await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("t1")), 401, "not_registered");

        await client.RegisterAsync();

        Assert.Equal(["t1"], await client.SubscribeAsync("t1"));
    }

    [Fact]
    public async Task Connection_NotRegisteredWithinTimeout_IsClosedWith1008()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Limits["RegisterTimeoutSeconds"] = 1);
        await using var client = await gateway.ConnectAsync();

        var close = await client.WaitClosedAsync();

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, close.Status);
    }

    [Fact]
    public async Task Connection_RegisteredWithinTimeout_StaysOpenPastTimeout()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Limits["RegisterTimeoutSeconds"] = 1);
        await using var registered = await gateway.ConnectRegisteredAsync();

        // A connection opened after the registered one is closed by the timeout: by then the timeout has run out for the first too.
        await using var clock = await gateway.ConnectAsync();
        await clock.WaitClosedAsync();

        Assert.False(registered.IsClosed);
        Assert.Equal(["t1"], await registered.SubscribeAsync("t1"));
    }

    [Fact]
    public async Task Register_UpstreamAnswersUserId_UserPushesReachConnection()
    {
        var upstream = new FakeForwarder(_ => FakeForwarder.Json(200, """{"userId":"alice"}"""));
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectAsync();

        var response = await client.RegisterAsync();
        await gateway.PublishAsync("$user:alice", JsonValue.Create(7));

        JsonAssert.Equal("""{"userId":"alice"}""", JsonAssert.Property(Frames.Body(response), "upstream"));
        Frames.AssertPush(await client.NextPushAsync(), "$user:alice", "7");
    }

    [Fact]
    public async Task Register_SecondRegisterWithOtherUserId_MovesConnectionToThatUser()
    {
        var upstream = new FakeForwarder(_ => FakeForwarder.Json(200, """{"userId":"alice"}"""));
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectRegisteredAsync();
        upstream.AnswerWith(_ => FakeForwarder.Json(200, """{"userId":"bob"}"""));

        await client.RegisterAsync();
        await gateway.PublishAsync("$user:alice", JsonValue.Create("to alice"));
        await gateway.PublishAsync("$user:bob", JsonValue.Create("to bob"));

        Frames.AssertPush(await client.NextPushAsync(), "$user:bob", "\"to bob\"");
        Assert.Equal(2, upstream.RequestsFor("register").Count);
    }

    [Fact]
    public async Task Register_UpstreamRejects_RelaysStatusAndBody()
    {
        var upstream = new FakeForwarder(_ => FakeForwarder.Json(403, """{"reason":"banned"}"""));
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectAsync();

        var response = await client.RequestAsync(SeedUris.Register);

        Frames.AssertError(response, 403, "upstream_rejected");
        JsonAssert.Equal("""{"reason":"banned"}""", JsonAssert.Property(Frames.Body(response), "upstream"));
    }

    [Fact]
    public async Task Register_UpstreamRejects_ConnectionStaysUnregisteredAndMayRetry()
    {
        var upstream = new FakeForwarder(_ => FakeForwarder.Json(403, """{"reason":"banned"}"""));
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectAsync();
        Frames.AssertStatus(await client.RequestAsync(SeedUris.Register), 403);

        Frames.AssertError(await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("t1")), 401, "not_registered");
        upstream.AnswerWith(_ => FakeForwarder.Json(200, "{}"));
        await client.RegisterAsync();
        Assert.Equal(["t1"], await client.SubscribeAsync("t1"));
    }

    [Fact]
    public async Task Register_SecondRegisterRejected_KeepsRegistrationAndUser()
    {
        var upstream = new FakeForwarder(_ => FakeForwarder.Json(200, """{"userId":"alice"}"""));
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectRegisteredAsync();
        upstream.AnswerWith(_ => FakeForwarder.Json(409, """{"reason":"no"}"""));

        Frames.AssertError(await client.RequestAsync(SeedUris.Register), 409, "upstream_rejected");

        upstream.AnswerWith(_ => FakeForwarder.Json(200, "{}"));
        Assert.Equal(["t1"], await client.SubscribeAsync("t1"));
        await gateway.PublishAsync("$user:alice", JsonValue.Create(1));
        Frames.AssertPush(await client.NextPushAsync(), "$user:alice", "1");
    }

    [Fact]
    public async Task Register_UpstreamUnavailable_Returns502AndStaysUnregistered()
    {
        var upstream = new FakeForwarder(_ => UpstreamResult.Unavailable);
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectAsync();

        Frames.AssertError(await client.RequestAsync(SeedUris.Register), 502, "upstream_unavailable");

        Frames.AssertError(await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("t1")), 401, "not_registered");
    }

    [Fact]
    public async Task Register_UpstreamTimedOut_Returns504AndStaysUnregistered()
    {
        var upstream = new FakeForwarder(_ => UpstreamResult.TimedOut);
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectAsync();

        Frames.AssertError(await client.RequestAsync(SeedUris.Register), 504, "upstream_timeout");

        Frames.AssertError(await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("t1")), 401, "not_registered");
    }

    [Fact]
    public async Task Register_ForwarderThrows_Returns500InternalAndKeepsSocket()
    {
        var upstream = new FakeForwarder(_ => throw new InvalidOperationException("boom"));
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectAsync();

        Frames.AssertError(await client.RequestAsync(SeedUris.Register), 500, "internal");

        upstream.AnswerWith(_ => FakeForwarder.Json(200, "{}"));
        await client.RegisterAsync();
    }

    [Fact]
    public async Task Register_WithUpstream_ForwardsConnectionIdActionAndBody()
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectAsync();

        await client.SendFrameAsync(SeedUris.Register, new JsonObject { ["device"] = "d1" }, "r1");
        var response = await client.NextResponseAsync();

        Frames.AssertStatus(response, 200);
        var forwarded = Assert.Single(upstream.RequestsFor("register"));
        Assert.Equal(JsonAssert.Property(Frames.Body(response), "connectionId").GetString(), forwarded.ConnectionId);
        Assert.Equal(SeedUris.Register, forwarded.PathAndQuery);
        JsonAssert.Equal("""{"device":"d1"}""", JsonAssert.Parse(forwarded.Body));
        Assert.Contains(forwarded.Headers, h => h.Key.Equals("msgId", StringComparison.OrdinalIgnoreCase) && h.Value == "r1");
    }

    [Fact]
    public async Task Register_WithoutBody_ForwardsEmptyObject()
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectAsync();

        await client.RegisterAsync();

        JsonAssert.Equal("{}", JsonAssert.Parse(Assert.Single(upstream.RequestsFor("register")).Body));
    }

    [Fact]
    public async Task Push_ToAll_DoesNotReachUnregisteredConnection()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectAsync();

        await gateway.PublishAsync("$all", JsonValue.Create("before"));
        await client.RegisterAsync();
        await gateway.PublishAsync($"$conn:{client.ConnectionId}", JsonValue.Create("sentinel"));

        Frames.AssertPush(await client.NextPushAsync(), $"$conn:{client.ConnectionId}", "\"sentinel\"");
    }
}
