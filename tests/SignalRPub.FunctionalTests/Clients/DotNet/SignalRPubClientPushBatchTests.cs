using SignalRPub.Client;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Clients.DotNet;

/// <summary><see cref="SignalRPubClientOptions.PushBatching"/>: asking for batch frames at register, and reading them.</summary>
public sealed class SignalRPubClientPushBatchTests
{
    private const string Topic = "hq_batch";
    private const int Burst = 1000;

    private static readonly KeyValuePair<string, string> s_pushBatchHeader = new("pushBatch", "true");

    [Fact]
    public async Task PushBatching_On_RegisterAsksAndBurstReachesHandlerAndReadAllInOrder()
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        var (client, _) = await Clients.ConnectAsync(gateway, ClientKind.WebSocket, o => o.PushBatching = true);
        await using var _1 = client;
        var inbox = new PushInbox();
        using var registration = client.On(Topic, inbox.Handle);
        await using var all = client.ReadAllAsync().GetAsyncEnumerator();
        var firstOfAll = all.MoveNextAsync();
        await client.SubscribeAsync([Topic]);

        await PushBursts.PublishAsync(gateway, Topic, 0, Burst);

        Assert.Contains(s_pushBatchHeader, Assert.Single(upstream.RequestsFor("register")).Headers);
        for (var n = 0; n < Burst; n++)
        {
            Assert.Equal(n, (await inbox.NextAsync()).Data.GetProperty("n").GetInt32());
        }

        Assert.True(await firstOfAll.AsTask().WaitAsync(TestTimeouts.Default));
        for (var n = 0; n < Burst; n++)
        {
            Assert.True(n == 0 || await all.MoveNextAsync().AsTask().WaitAsync(TestTimeouts.Default));
            Assert.Equal(n, all.Current.Data.GetProperty("n").GetInt32());
        }

        Assert.False(inbox.HasWaiting);
    }

    [Theory]
    [InlineData(ClientKind.WebSocket, false)]
    [InlineData(ClientKind.SignalRJson, true)]
    [InlineData(ClientKind.SignalRMessagePack, true)]
    public async Task PushBatching_OffOrSignalR_RegisterDoesNotAsk(ClientKind kind, bool pushBatching)
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        var (client, _) = await Clients.ConnectAsync(gateway, kind, o => o.PushBatching = pushBatching);
        await using var _1 = client;
        var inbox = new PushInbox();
        using var registration = client.On(Topic, inbox.Handle);
        await client.SubscribeAsync([Topic]);

        await PushBursts.PublishAsync(gateway, Topic, 0, 100);

        Assert.DoesNotContain(Assert.Single(upstream.RequestsFor("register")).Headers, h => h.Key == "pushBatch");
        for (var n = 0; n < 100; n++)
        {
            Assert.Equal(n, (await inbox.NextAsync()).Data.GetProperty("n").GetInt32());
        }
    }

    [Fact]
    public async Task PushBatching_OwnPushBatchHeaderToo_SentOnceAsTrue()
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        var (client, _) = await Clients.ConnectAsync(gateway, ClientKind.WebSocket, o =>
        {
            o.PushBatching = true;
            o.RegisterHeaders["PushBatch"] = "false";
        });
        await using var _1 = client;

        var headers = Assert.Single(upstream.RequestsFor("register")).Headers;

        Assert.Equal([s_pushBatchHeader], headers.Where(h => h.Key.Equals("pushBatch", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task PushBatching_HostRestart_AsksAgainOnReregister()
    {
        var upstream = new FakeForwarder();
        var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        var port = gateway.BaseUri.Port;
        SignalRPubClient? client = null;
        try
        {
            (client, var states) = await Clients.ConnectAsync(gateway, ClientKind.WebSocket, o => o.PushBatching = true);
            var inbox = new PushInbox();
            using var registration = client.On(Topic, inbox.Handle);
            await client.SubscribeAsync([Topic]);

            await gateway.DisposeAsync();
            await states.WaitForAsync(SignalRPubConnectionState.Reconnecting);
            gateway = await TestGateway.StartAsync(o =>
            {
                o.UseSeedWithUpstream(upstream);
                o.Port = port;
            });
            await states.WaitForAsync(SignalRPubConnectionState.Connected, occurrence: 2);
            await PushBursts.PublishAsync(gateway, Topic, 0, 100);

            var registers = upstream.RequestsFor("register");
            Assert.Equal(2, registers.Count);
            Assert.All(registers, r => Assert.Contains(s_pushBatchHeader, r.Headers));
            for (var n = 0; n < 100; n++)
            {
                Assert.Equal(n, (await inbox.NextAsync()).Data.GetProperty("n").GetInt32());
            }
        }
        finally
        {
            if (client is not null)
            {
                await client.DisposeAsync();
            }

            await gateway.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task BatchFrame_AskedOrNot_PushesReachHandlerOneByOneInOrder(bool pushBatching)
    {
        await using var gateway = await TestGateway.StartAsync(o => o.ConfigureApp = app => ScriptedEntry.Map(
            app,
            """{"type":"batch","frames":[{"type":"push","topic":"t","data":1},{"type":"push","topic":"t","data":2},{"type":"push","topic":"u","data":3}]}""",
            """{"type":"push","topic":"t","data":4}""",
            """{"type":"batch","frames":[{"type":"push","topic":"t","data":5},{"type":"push","topic":"t","data":6}]}"""));
        var options = Clients.Options(gateway, ClientKind.WebSocket);
        options.Url = gateway.WsUri(ScriptedEntry.Path);
        options.PushBatching = pushBatching;
        await using var client = new SignalRPubClient(options);
        var inbox = new PushInbox();
        using var registration = client.On("t", inbox.Handle);
        var others = new PushInbox();
        using var otherRegistration = client.On("u", others.Handle);

        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        await client.ConnectAsync(timeout.Token);

        foreach (var expected in new[] { 1, 2, 4, 5, 6 })
        {
            Assert.Equal(expected, (await inbox.NextAsync()).Data.GetInt32());
        }

        Assert.Equal(3, (await others.NextAsync()).Data.GetInt32());
    }
}
