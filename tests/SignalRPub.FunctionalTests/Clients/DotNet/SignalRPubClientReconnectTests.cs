using SignalRPub.Client;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Clients.DotNet;

public sealed class SignalRPubClientReconnectTests
{
    public static TheoryData<ClientKind> Kinds => Clients.Kinds;

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task HostRestart_Connected_ReconnectsWithNewIdAndRestoresTopicsWithoutDuplicateHandlers(ClientKind kind)
    {
        var gateway = await TestGateway.StartAsync();
        var port = gateway.BaseUri.Port;
        SignalRPubClient? client = null;
        try
        {
            (client, var states) = await Clients.ConnectAsync(gateway, kind);
            var inbox = new PushInbox();
            using var registration = client.On("hq_100001_120", inbox.Handle);
            await client.SubscribeAsync(["hq_100001_120", "hq_100001_121"]);
            var firstId = client.ConnectionId;

            await gateway.DisposeAsync();
            var lost = await states.WaitForAsync(SignalRPubConnectionState.Reconnecting);
            gateway = await TestGateway.StartAsync(o => o.Port = port);
            await states.WaitForAsync(SignalRPubConnectionState.Connected, occurrence: 2);

            Assert.NotNull(lost.Error);
            Assert.NotEqual(firstId, client.ConnectionId);
            Assert.Equal(["hq_100001_120", "hq_100001_121"], client.Topics.Order(StringComparer.Ordinal));
            Assert.Equal(
                [SignalRPubConnectionState.Connecting, SignalRPubConnectionState.Connected, SignalRPubConnectionState.Reconnecting, SignalRPubConnectionState.Connected],
                states.States);

            // One handler, called once per push: a duplicate would deliver "first" twice before "second".
            await gateway.PublishAsync("hq_100001_120", "first");
            await gateway.PublishAsync("hq_100001_120", "second");
            Assert.Equal("first", (await inbox.NextAsync()).Data.GetString());
            Assert.Equal("second", (await inbox.NextAsync()).Data.GetString());
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
    [MemberData(nameof(Kinds))]
    public async Task HostStop_RequestInFlight_FailsPromptly(ClientKind kind)
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
        var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(forwarder));
        try
        {
            // A request timeout far beyond the test's bound: only the lost connection can end the request in time.
            var (client, _) = await Clients.ConnectAsync(gateway, kind, o =>
            {
                o.RequestTimeout = TimeSpan.FromMinutes(5);
                o.Reconnect.Enabled = false;
            });
            await using var _1 = client;
            var pending = client.SubscribeAsync(["stalled"]);
            await Poll.UntilAsync(() => forwarder.RequestsFor("sub_add").Count == 1, "the sub_add to reach the upstream");

            var stopping = gateway.StopAsync();
            var error = await Assert.ThrowsAnyAsync<Exception>(() => pending.WaitAsync(TestTimeouts.Default));
            release.TrySetResult();
            await stopping;

            Assert.IsType<IOException>(error);

            // Over SignalR the invocation fails as the connection closes, a moment before the client hears it closed.
            await Poll.UntilAsync(() => client.State == SignalRPubConnectionState.Disconnected, "the client to be disconnected");
        }
        finally
        {
            release.TrySetResult();
            await gateway.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task HostRestart_RegistrationRefused_GivesUpDisconnected(ClientKind kind)
    {
        var forwarder = new FakeForwarder();
        var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(forwarder));
        var port = gateway.BaseUri.Port;
        try
        {
            var (client, states) = await Clients.ConnectAsync(gateway, kind);
            await using var _ = client;

            await gateway.DisposeAsync();
            var refusing = new FakeForwarder(_ => FakeForwarder.Json(403, """{"reason":"banned"}"""));
            gateway = await TestGateway.StartAsync(o =>
            {
                o.Port = port;
                o.UseSeedWithUpstream(refusing);
            });
            var gaveUp = await states.WaitForAsync(SignalRPubConnectionState.Disconnected);

            var error = Assert.IsType<SignalRPubException>(gaveUp.Error);
            Assert.Equal(403, error.Status);
            Assert.Single(refusing.RequestsFor("register"));
            Assert.Equal(
                [SignalRPubConnectionState.Connecting, SignalRPubConnectionState.Connected, SignalRPubConnectionState.Reconnecting, SignalRPubConnectionState.Disconnected],
                states.States);
        }
        finally
        {
            await gateway.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task HostGone_MaxAttemptsSpent_GivesUpDisconnected(ClientKind kind)
    {
        var gateway = await TestGateway.StartAsync();
        try
        {
            var (client, states) = await Clients.ConnectAsync(gateway, kind, o => o.Reconnect.MaxAttempts = 2);
            await using var _ = client;

            await gateway.DisposeAsync();
            var gaveUp = await states.WaitForAsync(SignalRPubConnectionState.Disconnected);

            Assert.NotNull(gaveUp.Error);
            Assert.IsNotType<SignalRPubException>(gaveUp.Error);
            Assert.Equal(SignalRPubConnectionState.Reconnecting, gaveUp.PreviousState);
            await Assert.ThrowsAsync<InvalidOperationException>(() => client.RequestAsync(SeedUris.SubAdd));
        }
        finally
        {
            await gateway.DisposeAsync();
        }
    }

    [Fact]
    public async Task BackendDisconnect_RawConnection_IsNotReconnected()
    {
        await using var gateway = await TestGateway.StartAsync();
        var (client, states) = await Clients.ConnectAsync(gateway, ClientKind.WebSocket, o => o.Reconnect.InitialDelay = TimeSpan.Zero);
        await using var _ = client;

        var answer = await gateway.PostAsync(SeedUris.Disconnect, "{}", gateway.BackendHeaders(client.ConnectionId!));
        answer.AssertStatus(200);
        var closed = await states.WaitForAsync(SignalRPubConnectionState.Disconnected);

        // From Connected the client goes straight to Disconnected: a 1000 "disconnect" close is final.
        Assert.Null(closed.Error);
        Assert.Equal(SignalRPubConnectionState.Connected, closed.PreviousState);
        Assert.DoesNotContain(SignalRPubConnectionState.Reconnecting, states.States);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Dispose_Connected_IsNotReconnected(ClientKind kind)
    {
        await using var gateway = await TestGateway.StartAsync();
        var (client, states) = await Clients.ConnectAsync(gateway, kind, o => o.Reconnect.InitialDelay = TimeSpan.Zero);

        await client.DisposeAsync();

        Assert.Equal(SignalRPubConnectionState.Disconnected, client.State);
        Assert.Equal(
            [SignalRPubConnectionState.Connecting, SignalRPubConnectionState.Connected, SignalRPubConnectionState.Disconnected],
            states.States);
    }
}
