using System.Text.Json;
using System.Text.Json.Nodes;
using SignalRPub.Client;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Clients.DotNet;

public sealed class SignalRPubClientTests
{
    public static TheoryData<ClientKind> Kinds => Clients.Kinds;

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Connect_SeedRoutes_RegistersWithIdAndToken(ClientKind kind)
    {
        await using var gateway = await TestGateway.StartAsync();
        var (client, states) = await Clients.ConnectAsync(gateway, kind);
        await using var _ = client;

        Assert.Equal(SignalRPubConnectionState.Connected, client.State);
        Assert.False(string.IsNullOrEmpty(client.ConnectionId));
        Assert.StartsWith(client.ConnectionId + ".", client.ConnectionToken);
        Assert.Empty(client.Topics);
        Assert.Equal([SignalRPubConnectionState.Connecting, SignalRPubConnectionState.Connected], states.States);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Subscribe_ThenPublish_PushReachesHandlerAndReadAll(ClientKind kind)
    {
        await using var gateway = await TestGateway.StartAsync();
        var (client, _) = await Clients.ConnectAsync(gateway, kind);
        await using var _1 = client;
        var inbox = new PushInbox();
        using var registration = client.On("hq_100001_129", inbox.Handle);
        await using var all = client.ReadAllAsync().GetAsyncEnumerator();
        var firstOfAll = all.MoveNextAsync();

        var confirmed = await client.SubscribeAsync(["hq_100001_129", "hq_100001_123"]);
        await gateway.PublishAsync("hq_100001_129", JsonNode.Parse("""{"last":12.34,"name":"张三"}"""));

        Assert.Equal(["hq_100001_123", "hq_100001_129"], confirmed.Order(StringComparer.Ordinal));
        Assert.Equal(confirmed, client.Topics);
        var push = await inbox.NextAsync();
        Assert.Equal("hq_100001_129", push.Topic);
        JsonAssert.Equal("""{"last":12.34,"name":"张三"}""", push.Data);
        Assert.True(await firstOfAll.AsTask().WaitAsync(TestTimeouts.Default));
        Assert.Equal("hq_100001_129", all.Current.Topic);
        JsonAssert.Equal("""{"last":12.34,"name":"张三"}""", all.Current.Data);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task ReplaceAndUnsubscribe_ReturnConfirmedSets(ClientKind kind)
    {
        await using var gateway = await TestGateway.StartAsync();
        var (client, _) = await Clients.ConnectAsync(gateway, kind);
        await using var _1 = client;

        await client.SubscribeAsync(["a", "b"]);
        var replaced = await client.ReplaceAsync(["b", "c"]);
        Assert.Equal(["b", "c"], replaced.Order(StringComparer.Ordinal));
        var left = await client.UnsubscribeAsync(["c", "not_subscribed"]);

        Assert.Equal(["b"], left);
        Assert.Equal(["b"], client.Topics);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Disconnect_Connected_AnswersThenDisconnectedWithoutReconnect(ClientKind kind)
    {
        await using var gateway = await TestGateway.StartAsync();
        var (client, states) = await Clients.ConnectAsync(gateway, kind, o => o.Reconnect.InitialDelay = TimeSpan.Zero);
        await using var _ = client;

        await client.DisconnectAsync();

        Assert.Equal(SignalRPubConnectionState.Disconnected, client.State);
        Assert.Equal(
            [SignalRPubConnectionState.Connecting, SignalRPubConnectionState.Connected, SignalRPubConnectionState.Disconnected],
            states.States);
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.SubscribeAsync(["a"]));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Request_CustomRoute_AnswersAndUpdatesTopics(ClientKind kind)
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Routes.Add(TestRoutes.Action("16", "/custom/patch", "sub_patch", SeedUris.EntryId)));
        var (client, _) = await Clients.ConnectAsync(gateway, kind);
        await using var _1 = client;

        var response = await client.RequestAsync("/custom/patch", new { topics = new[] { "x", "y" } }, [new("client-metadata", "m")]);

        Assert.Equal(200, response.Status);
        JsonAssert.Equal("""{"topics":["x","y"],"upstream":null}""", response.Body);
        Assert.Equal(["x", "y"], client.Topics.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Request_UnknownUri_Throws404NotFound(ClientKind kind)
    {
        await using var gateway = await TestGateway.StartAsync();
        var (client, _) = await Clients.ConnectAsync(gateway, kind);
        await using var _1 = client;

        var error = await Assert.ThrowsAsync<SignalRPubException>(() => client.RequestAsync("/no/such/route"));

        Assert.Equal(404, error.Status);
        Assert.Equal("not_found", error.Error);
        Assert.Equal("not_found", error.Body.GetProperty("error").GetProperty("code").GetString());
        Assert.Null(error.Upstream);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Subscribe_ReservedTopic_Throws400InvalidTopicAndKeepsSet(ClientKind kind)
    {
        await using var gateway = await TestGateway.StartAsync();
        var (client, _) = await Clients.ConnectAsync(gateway, kind);
        await using var _1 = client;
        await client.SubscribeAsync(["a"]);

        var error = await Assert.ThrowsAsync<SignalRPubException>(() => client.SubscribeAsync(["$all"]));

        Assert.Equal(400, error.Status);
        Assert.Equal("invalid_topic", error.Error);
        Assert.Equal(["a"], client.Topics);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Subscribe_UpstreamRefuses_Throws403WithUpstreamBody(ClientKind kind)
    {
        var forwarder = new FakeForwarder(request => request.Action == "sub_add"
            ? FakeForwarder.Json(403, """{"reason":"not your account"}""")
            : FakeForwarder.Json(200, "{}"));
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(forwarder));
        var (client, _) = await Clients.ConnectAsync(gateway, kind);
        await using var _1 = client;

        var error = await Assert.ThrowsAsync<SignalRPubException>(() => client.SubscribeAsync(["acct_1"]));

        Assert.Equal(403, error.Status);
        Assert.Equal("upstream_rejected", error.Error);
        Assert.NotNull(error.Upstream);
        JsonAssert.Equal("""{"reason":"not your account"}""", error.Upstream.Value);
        Assert.Empty(client.Topics);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Connect_UpstreamRefusesRegistration_Throws401AndStaysDisconnected(ClientKind kind)
    {
        var forwarder = new FakeForwarder(_ => FakeForwarder.Json(401, """{"reason":"bad token"}"""));
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(forwarder));
        var options = Clients.Options(gateway, kind);
        options.RegisterHeaders["token"] = "t-1";
        await using var client = new SignalRPubClient(options);
        var states = new StateRecorder(client);

        var error = await Assert.ThrowsAsync<SignalRPubException>(() => client.ConnectAsync());

        Assert.Equal(401, error.Status);
        Assert.Equal("upstream_rejected", error.Error);
        JsonAssert.Equal("""{"reason":"bad token"}""", error.Upstream!.Value);
        Assert.Equal("t-1", forwarder.RequestsFor("register").Single().Headers.Single(h => h.Key == "token").Value);
        Assert.Equal([SignalRPubConnectionState.Connecting, SignalRPubConnectionState.Disconnected], states.States);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Request_UpstreamNeverAnswers_ThrowsTimeoutAndClientStaysUsable(ClientKind kind)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var forwarder = new FakeForwarder();
        forwarder.AnswerWith(async (request, cancellationToken) =>
        {
            if (request.Action == "sub_add")
            {
                await release.Task.WaitAsync(cancellationToken);
            }

            return FakeForwarder.Json(200, "{}");
        });
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(forwarder));
        var (client, _) = await Clients.ConnectAsync(gateway, kind, o => o.RequestTimeout = TimeSpan.FromSeconds(1));
        await using var _1 = client;
        try
        {
            await Assert.ThrowsAsync<TimeoutException>(() => client.SubscribeAsync(["slow"]));
            Assert.Equal(SignalRPubConnectionState.Connected, client.State);
        }
        finally
        {
            release.TrySetResult();
        }

        // The stalled action completes once released: its late answer still updates the confirmed set, and the next
        // request gets its own answer, not the late one.
        await Poll.UntilAsync(() => client.Topics.Contains("slow"), "the late answer to update the topics");
        var replaced = await client.ReplaceAsync(["after"]);
        Assert.Equal(["after"], replaced);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Request_200InFlightAtOnce_EachGetsItsOwnAnswer(ClientKind kind)
    {
        await using var gateway = await TestGateway.StartAsync();
        var (client, _) = await Clients.ConnectAsync(gateway, kind);
        await using var _1 = client;

        // sub_put answers exactly the set it was given, so each answer names its own request.
        var requests = Enumerable.Range(0, 200).Select(i => client.ReplaceAsync([$"topic_{i}"])).ToArray();
        var answers = await Task.WhenAll(requests).WaitAsync(TestTimeouts.Default);

        for (var i = 0; i < answers.Length; i++)
        {
            Assert.Equal([$"topic_{i}"], answers[i]);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task On_DisposedRegistration_StopsOnlyThatHandler(ClientKind kind)
    {
        await using var gateway = await TestGateway.StartAsync();
        var (client, _) = await Clients.ConnectAsync(gateway, kind);
        await using var _1 = client;
        var kept = new PushInbox();
        var removed = new PushInbox();
        Action<Push> handler = removed.Handle;
        using var first = client.On("t", kept.Handle);
        var second = client.On("t", handler);
        var third = client.On("t", handler);
        await client.SubscribeAsync(["t"]);

        second.Dispose();
        await gateway.PublishAsync("t", 1);
        await gateway.PublishAsync("t", 2);

        // The same delegate registered twice is two registrations: disposing one leaves the other.
        Assert.Equal(1, (await kept.NextAsync()).Data.GetInt32());
        Assert.Equal(2, (await kept.NextAsync()).Data.GetInt32());
        Assert.Equal(1, (await removed.NextAsync()).Data.GetInt32());
        Assert.Equal(2, (await removed.NextAsync()).Data.GetInt32());
        third.Dispose();
        await gateway.PublishAsync("t", 3);
        Assert.Equal(3, (await kept.NextAsync()).Data.GetInt32());
        Assert.False(removed.HasWaiting);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task On_AsyncHandlerThatRequests_DoesNotBlockAnswers(ClientKind kind)
    {
        await using var gateway = await TestGateway.StartAsync();
        var (client, _) = await Clients.ConnectAsync(gateway, kind);
        await using var _1 = client;
        var done = new TaskCompletionSource<IReadOnlySet<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = client.On("trigger", async _ => done.TrySetResult(await client.SubscribeAsync(["from_handler"])));
        await client.SubscribeAsync(["trigger"]);

        await gateway.PublishAsync("trigger", true);

        var set = await done.Task.WaitAsync(TestTimeouts.Default);
        Assert.Equal(["from_handler", "trigger"], set.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReadAll_ReaderBehindByMoreThanCapacity_LosesOldest()
    {
        await using var gateway = await TestGateway.StartAsync();
        var (client, _) = await Clients.ConnectAsync(gateway, ClientKind.WebSocket, o => o.PushBufferCapacity = 2);
        await using var _1 = client;
        var inbox = new PushInbox();
        using var registration = client.On("t", inbox.Handle);
        await using var all = client.ReadAllAsync().GetAsyncEnumerator();
        var first = all.MoveNextAsync();
        await client.SubscribeAsync(["t"]);

        for (var i = 1; i <= 5; i++)
        {
            await gateway.PublishAsync("t", i);
        }

        // The handler has seen all five, so all five were offered to the reader's buffer before it.
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal(i, (await inbox.NextAsync()).Data.GetInt32());
        }

        var read = new List<int>();
        var next = first;
        while (true)
        {
            Assert.True(await next.AsTask().WaitAsync(TestTimeouts.Default));
            read.Add(all.Current.Data.GetInt32());
            if (all.Current.Data.GetInt32() == 5)
            {
                break;
            }

            next = all.MoveNextAsync();
        }

        // The first push may have gone straight to the waiting reader; of the rest only the newest two were kept.
        Assert.Equal([4, 5], read.TakeLast(2));
        Assert.True(read.Count == 2 || (read.Count == 3 && read[0] == 1), $"read {string.Join(",", read)}");
    }

    [Fact]
    public void Create_InvalidOptions_ThrowsListingEveryProblem()
    {
        var options = new SignalRPubClientOptions
        {
            Url = new Uri("http://127.0.0.1:9080/msg-pub"),
            Protocol = SignalRPubProtocol.MessagePack,
            RequestTimeout = TimeSpan.Zero,
            PushBufferCapacity = 0,
        };

        var error = Assert.Throws<ArgumentException>(() => new SignalRPubClient(options));

        Assert.Contains("Url:", error.Message);
        Assert.Contains("Protocol:", error.Message);
        Assert.Contains("RequestTimeout:", error.Message);
        Assert.Contains("PushBufferCapacity:", error.Message);
    }

    [Fact]
    public async Task Push_NumberAndStringDataOverMessagePack_ArriveAsJson()
    {
        await using var gateway = await TestGateway.StartAsync();
        var (client, _) = await Clients.ConnectAsync(gateway, ClientKind.SignalRMessagePack);
        await using var _1 = client;
        var inbox = new PushInbox();
        using var registration = client.On("m", inbox.Handle);
        await client.SubscribeAsync(["m"]);

        await gateway.PublishAsync("m", JsonNode.Parse("""{"i":-5,"big":18446744073709551615,"f":1.5,"s":"x","n":null,"a":[true,false]}"""));

        var push = await inbox.NextAsync();
        Assert.Equal(-5, push.Data.GetProperty("i").GetInt64());
        Assert.Equal(ulong.MaxValue, push.Data.GetProperty("big").GetUInt64());
        Assert.Equal(1.5, push.Data.GetProperty("f").GetDouble());
        Assert.Equal("x", push.Data.GetProperty("s").GetString());
        Assert.Equal(JsonValueKind.Null, push.Data.GetProperty("n").ValueKind);
        JsonAssert.Equal("[true,false]", push.Data.GetProperty("a"));
    }
}
