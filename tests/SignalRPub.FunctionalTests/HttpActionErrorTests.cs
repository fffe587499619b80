using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>PROTOCOL.md §5 and §8, HTTP form: credentials, connections, bodies, methods and routes that are refused.</summary>
public sealed class HttpActionErrorTests
{
    public static TheoryData<string> BadAuthorizations => new()
    {
        "Bearer garbage",
        "Bearer ",
        "Bearer eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo",
        "Basic dXNlcjpwYXNz",
        "garbage",
    };

    [Fact]
    public async Task Post_NoCredentials_Returns401Unauthorized()
    {
        await using var gateway = await TestGateway.StartAsync();

        (await gateway.PostAsync(SeedUris.SubAdd, """{"topics":["a"]}""")).AssertError(401, "unauthorized");
    }

    [Theory]
    [MemberData(nameof(BadAuthorizations))]
    public async Task Post_BadAuthorization_Returns401Unauthorized(string authorization)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        (await gateway.PostAsync(SeedUris.SubAdd, """{"topics":["a"]}""", ("Authorization", authorization))).AssertError(401, "unauthorized");
    }

    [Fact]
    public async Task Post_TamperedToken_Returns401Unauthorized()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        var token = client.ConnectionToken;
        var tampered = (token[0] == 'a' ? 'b' : 'a') + token[1..];

        var answer = await gateway.PostAsync(SeedUris.SubAdd, """{"topics":["a"]}""", ("Authorization", $"Bearer {tampered}"));

        answer.AssertError(401, "unauthorized");
    }

    [Fact]
    public async Task Post_GenuineTokenOfConnectionOnNoNode_Returns404NotFound()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var other = await TestGateway.StartAsync();
        await using var client = await other.ConnectRegisteredAsync();

        var answer = await gateway.PostAsync(SeedUris.SubAdd, """{"topics":["a"]}""", client.Authorization);

        // Both nodes share the token secret, so the token is genuine; its connection lives on no node of this (single-node) cluster.
        answer.AssertError(404, "not_found");
    }

    [Theory]
    [InlineData("wrong-key")]
    [InlineData("")]
    [InlineData("TEST-PUBLISH-KEY")]
    public async Task Post_WrongApiKey_Returns401Unauthorized(string key)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        var answer = await gateway.PostAsync(SeedUris.SubAdd, """{"topics":["a"]}""", ("X-API-KEY", key), ("connId", client.ConnectionId));

        answer.AssertError(401, "unauthorized");
    }

    [Fact]
    public async Task Post_ApiKeyWithoutConnId_Returns400BadRequest()
    {
        await using var gateway = await TestGateway.StartAsync();

        (await gateway.PostAsync(SeedUris.SubAdd, """{"topics":["a"]}""", ("X-API-KEY", gateway.PublishKey))).AssertError(400, "bad_request");
    }

    [Fact]
    public async Task Post_ApiKeyWithUnknownConnId_Returns404NotFound()
    {
        await using var gateway = await TestGateway.StartAsync();

        var answer = await gateway.PostAsync(SeedUris.SubAdd, """{"topics":["a"]}""", gateway.BackendHeaders("no-such-connection"));

        answer.AssertError(404, "not_found");
    }

    [Fact]
    public async Task Post_ConnectionClosedByClient_Returns404NotFound()
    {
        await using var gateway = await TestGateway.StartAsync();
        var client = await gateway.ConnectRegisteredAsync();
        await client.DisposeAsync();

        var answer = await Eventually.StatusAsync(
            () => gateway.PostAsync(SeedUris.SubAdd, """{"topics":["a"]}""", client.Authorization),
            404);

        answer.AssertError(404, "not_found");
    }

    [Fact]
    public async Task Post_UnregisteredConnection_Returns401NotRegistered()
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectAsync();

        // The connection's id is known from the upstream's X-Connection-Id before it is registered.
        upstream.AnswerWith(_ => FakeForwarder.Json(403, "{}"));
        Frames.AssertStatus(await client.RequestAsync(SeedUris.Register), 403);
        var connectionId = Assert.Single(upstream.RequestsFor("register")).ConnectionId;

        var answer = await gateway.PostAsync(SeedUris.SubAdd, """{"topics":["a"]}""", gateway.BackendHeaders(connectionId));

        answer.AssertError(401, "not_registered");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{")]
    [InlineData("{\"topics\":[\"a\"]")]
    public async Task Post_BodyNotJson_Returns400InvalidJson(string body)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        (await gateway.PostAsync(SeedUris.SubAdd, body, client.Authorization)).AssertError(400, "invalid_json");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"topics\":\"a\"}")]
    [InlineData("{\"topics\":[1]}")]
    public async Task Post_BodyWithoutTopicStrings_Returns400BadRequest(string body)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        (await gateway.PostAsync(SeedUris.SubAdd, body, client.Authorization)).AssertError(400, "bad_request");
    }

    [Fact]
    public async Task Post_TooManyTopics_Returns400TooManyTopics()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Limits["MaxTopicsPerRequest"] = 2);
        await using var client = await gateway.ConnectRegisteredAsync();

        (await gateway.PostAsync(SeedUris.SubAdd, """{"topics":["a","b","c"]}""", client.Authorization)).AssertError(400, "too_many_topics");
    }

    [Fact]
    public async Task Post_BodyOverMaxFrameBytes_Returns413PayloadTooLarge()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Limits["MaxFrameBytes"] = 1024);
        await using var client = await gateway.ConnectRegisteredAsync();
        var body = Frames.Topics(Enumerable.Range(0, 100).Select(i => $"topic-{i:D4}")).ToJsonString();

        (await gateway.PostAsync(SeedUris.SubAdd, body, client.Authorization)).AssertError(413, "payload_too_large");
    }

    [Fact]
    public async Task Post_RegisterRoute_Returns426UpgradeRequired()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        (await gateway.PostAsync(SeedUris.Register, "{}", client.Authorization)).AssertError(426, "upgrade_required");
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task OtherMethod_ActionRoute_Returns405MethodNotAllowed(string method)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        var answer = await gateway.SendAsync(new HttpMethod(method), SeedUris.SubAdd, method == "GET" ? null : """{"topics":["a"]}""", client.Authorization);

        answer.AssertError(405, "method_not_allowed");
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task NonWebSocketRequest_EntryRoute_Returns426UpgradeRequired(string method)
    {
        await using var gateway = await TestGateway.StartAsync();

        (await gateway.SendAsync(new HttpMethod(method), SeedUris.Entry, method == "GET" ? null : "{}")).AssertError(426, "upgrade_required");
    }

    [Theory]
    [InlineData("/nowhere")]
    [InlineData(SeedUris.SubAdd + "/more")]
    public async Task Post_UnknownRoute_Returns404NotFound(string path)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        (await gateway.PostAsync(path, """{"topics":["a"]}""", client.Authorization)).AssertError(404, "not_found");
    }
}
