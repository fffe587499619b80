using System.Text.Json;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>PROTOCOL.md §3.4: SignalR clients (JSON and MessagePack) on <c>/hub</c>, through <c>Request(frame)</c> and <c>push</c>.</summary>
public sealed class HubTests
{
    public static TheoryData<HubProtocolKind> Protocols => new() { HubProtocolKind.Json, HubProtocolKind.MessagePack };

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Hub_Register_AnswersResponseFrameWithIdAndToken(HubProtocolKind protocol)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectHubAsync(protocol);

        var response = await client.RegisterAsync();

        Assert.Equal("response", JsonAssert.Property(response, "type").GetString());
        var body = Frames.Body(response);
        Assert.False(string.IsNullOrEmpty(JsonAssert.Property(body, "connectionId").GetString()));
        Assert.False(string.IsNullOrEmpty(JsonAssert.Property(body, "connectionToken").GetString()));
        JsonAssert.Null(JsonAssert.Property(body, "upstream"));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Hub_RegisterSubscribePublish_ReceivesPush(HubProtocolKind protocol)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectHubAsync(protocol);
        await client.RegisterAsync();

        var response = await client.RequestAsync(SeedUris.SubAdd, HubClient.Topics("hq_100001_129", "hq_100001_123"));
        (await gateway.PublishJsonAsync("""{"topic":"hq_100001_129","data":{"last":12.34,"tags":["a"]}}""")).AssertStatus(202);

        Assert.Equal(["hq_100001_123", "hq_100001_129"], Frames.Topics(response));
        var push = await client.NextPushAsync();
        Assert.Equal("hq_100001_129", JsonAssert.Property(push, "topic").GetString());
        var data = JsonAssert.Property(push, "data");
        Assert.Equal(12.34, JsonAssert.Property(data, "last").GetDouble(), 6);
        JsonAssert.Equal("""["a"]""", JsonAssert.Property(data, "tags"));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Hub_SubPutAndSubDelete_ChangeSet(HubProtocolKind protocol)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectHubAsync(protocol);
        await client.RegisterAsync();
        await client.RequestAsync(SeedUris.SubAdd, HubClient.Topics("a", "b"));

        Assert.Equal(["b", "c"], Frames.Topics(await client.RequestAsync(SeedUris.SubPut, HubClient.Topics("b", "c"))));
        Assert.Equal(["c"], Frames.Topics(await client.RequestAsync(SeedUris.SubDelete, HubClient.Topics("b"))));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Hub_ActionBeforeRegister_Returns401NotRegistered(HubProtocolKind protocol)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectHubAsync(protocol);

        Frames.AssertError(await client.RequestAsync(SeedUris.SubAdd, HubClient.Topics("a")), 401, "not_registered");
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Hub_ReservedTopic_Returns400InvalidTopic(HubProtocolKind protocol)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectHubAsync(protocol);
        await client.RegisterAsync();

        Frames.AssertError(await client.RequestAsync(SeedUris.SubAdd, HubClient.Topics("$all")), 400, "invalid_topic");
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Hub_NumericMsgId_IsEchoedAsNumber(HubProtocolKind protocol)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectHubAsync(protocol);

        var response = await client.InvokeRequestAsync(new Dictionary<string, object?>
        {
            ["uri"] = SeedUris.Register,
            ["headers"] = new Dictionary<string, object?> { ["msgId"] = 41 },
        });

        Frames.AssertStatus(response, 200);
        JsonAssert.Equal("41", JsonAssert.Property(response, "msgId"));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Hub_FrameWithoutUri_Returns400BadRequest(HubProtocolKind protocol)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectHubAsync(protocol);

        var response = await client.InvokeRequestAsync(new Dictionary<string, object?> { ["msgId"] = "x" });

        Frames.AssertError(response, 400, "bad_request");
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Hub_ConnTopicAndAll_ReachRegisteredHubConnection(HubProtocolKind protocol)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectHubAsync(protocol);
        await client.RegisterAsync();

        await gateway.Publisher.PublishAsync($"$conn:{client.ConnectionId}", "direct");
        (await gateway.PublishJsonAsync("""{"topic":"$all","data":1}""")).AssertStatus(202);

        var direct = await client.NextPushAsync();
        Assert.Equal($"$conn:{client.ConnectionId}", JsonAssert.Property(direct, "topic").GetString());
        JsonAssert.Equal("\"direct\"", JsonAssert.Property(direct, "data"));
        Assert.Equal("$all", JsonAssert.Property(await client.NextPushAsync(), "topic").GetString());
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Hub_Unregistered_ReceivesNoAllPush(HubProtocolKind protocol)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectHubAsync(protocol);

        await gateway.Publisher.PublishAsync("$all", "before");
        await client.RegisterAsync();
        await gateway.Publisher.PublishAsync($"$conn:{client.ConnectionId}", "sentinel");

        JsonAssert.Equal("\"sentinel\"", JsonAssert.Property(await client.NextPushAsync(), "data"));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Hub_Disconnect_AnswersThenClosesConnection(HubProtocolKind protocol)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectHubAsync(protocol);
        await client.RegisterAsync();

        var response = await client.RequestAsync(SeedUris.Disconnect);

        Frames.AssertStatus(response, 200);
        JsonAssert.Equal("""{"upstream":null}""", Frames.Body(response));
        await client.WaitClosedAsync();
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Hub_WithoutEntry_SeedActionRoutesReturn404NotFound(HubProtocolKind protocol)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectHubAsync(protocol, entry: null);

        Frames.AssertError(await client.RequestAsync(SeedUris.Register), 404, "not_found");
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Hub_WithoutEntry_ServedByActionRoutesWithoutSuperior(HubProtocolKind protocol)
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Routes =
        [
            TestRoutes.Entry("1", "/e1"),
            TestRoutes.Action("21", "/any/register", "register"),
            TestRoutes.Action("22", "/any/add", "sub_add"),
        ]);
        await using var client = await gateway.ConnectHubAsync(protocol, entry: null);

        await client.RegisterAsync("/any/register");

        Assert.Equal(["a"], Frames.Topics(await client.RequestAsync("/any/add", HubClient.Topics("a"))));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Hub_OfOtherEntry_ActionRouteOfFirstEntryReturns404NotFound(HubProtocolKind protocol)
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Routes.Add(TestRoutes.Entry("2", "/other-entry")));
        await using var client = await gateway.ConnectHubAsync(protocol, entry: "2");

        Frames.AssertError(await client.RequestAsync(SeedUris.Register), 404, "not_found");
    }

    [Fact]
    public async Task Hub_ResponseFrame_HasTypeMsgIdStatusBody()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectHubAsync(HubProtocolKind.Json);

        var response = await client.RequestAsync(SeedUris.Register);

        Assert.Equal(JsonValueKind.Object, response.ValueKind);
        var names = response.EnumerateObject().Select(p => p.Name).ToList();
        Assert.All(new[] { "type", "msgId", "status", "body" }, name => Assert.Contains(name, names));
    }

    [Fact]
    public async Task Hub_HttpActionWithToken_AppliesToHubConnection()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectHubAsync(HubProtocolKind.Json);
        var token = JsonAssert.Property(Frames.Body(await client.RegisterAsync()), "connectionToken").GetString();

        (await gateway.PostAsync(SeedUris.SubAdd, """{"topics":["via-http"]}""", ("Authorization", $"Bearer {token}"))).AssertStatus(200);
        await gateway.Publisher.PublishAsync("via-http", 1);

        Assert.Equal("via-http", JsonAssert.Property(await client.NextPushAsync(), "topic").GetString());
    }

    [Fact]
    public async Task Hub_AndRawClient_BothReceiveSameTopic()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var hub = await gateway.ConnectHubAsync(HubProtocolKind.MessagePack);
        await using var raw = await gateway.ConnectRegisteredAsync();
        await hub.RegisterAsync();
        await hub.RequestAsync(SeedUris.SubAdd, HubClient.Topics("both"));
        await raw.SubscribeAsync("both");

        await gateway.Publisher.PublishAsync("both", new Quote("x", 1.5m));

        Assert.Equal("both", JsonAssert.Property(await hub.NextPushAsync(), "topic").GetString());
        Assert.Equal("both", JsonAssert.Property(await raw.NextPushAsync(), "topic").GetString());
    }
}
