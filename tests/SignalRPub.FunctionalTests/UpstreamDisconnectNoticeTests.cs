using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SignalRPub.Connections;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>
/// PROTOCOL.md §7: when a registered connection ends by itself, the upstream of each <c>disconnect</c> route serving
/// its entry is told (<c>X-Action: disconnected</c>); not after a <c>disconnect</c> action, and never delaying the close.
/// </summary>
public sealed class UpstreamDisconnectNoticeTests
{
    [Fact]
    public async Task Close_RegisteredClientClosesItsSocket_UpstreamToldDisconnected()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(disconnect: UpstreamRoutes.RoundRobin(upstream.Node())));
        var client = await gateway.ConnectRegisteredAsync();
        var connectionId = client.ConnectionId;

        await client.DisposeAsync();
        var notice = await upstream.CallAsync(1);

        Assert.Equal("POST", notice.Method);
        Assert.Equal(SeedUris.Disconnect, notice.PathAndQuery);
        Assert.Equal("disconnected", notice.Action);
        Assert.Equal(connectionId, notice.Header("X-Connection-Id"));
        Assert.Equal("{}", notice.BodyText);
        Assert.Equal("application/json", notice.Header("Content-Type"));
        Assert.Single(upstream.Calls);
    }

    [Fact]
    public async Task Close_UpstreamNeverAnswersNotice_CloseNotDelayed()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.NeverAnswer();
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(disconnect: UpstreamRoutes.RoundRobin(upstream.Node())));
        var client = await gateway.ConnectRegisteredAsync();

        var clock = Stopwatch.StartNew();
        await client.DisposeAsync();
        var closedAfter = clock.Elapsed;

        // Disposing waits for the server's close frame (up to 5 s): a close held up by the notice would show here.
        Assert.True(closedAfter < TimeSpan.FromSeconds(3), $"Closing took {closedAfter}.");
        Assert.Equal("disconnected", (await upstream.CallAsync(1)).Action);
    }

    [Fact]
    public async Task Close_AfterDisconnectAction_NoDisconnectedNotice()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(disconnect: UpstreamRoutes.RoundRobin(upstream.Node())));
        await using var leaving = await gateway.ConnectRegisteredAsync();

        Frames.AssertStatus(await leaving.RequestAsync(SeedUris.Disconnect), 200);
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, (await leaving.WaitClosedAsync()).Status);
        await WaitGoneAsync(gateway, leaving.ConnectionId);
        var sentinel = await CloseAnotherRegisteredAsync(gateway);
        await upstream.CallAsync(c => c.Action == "disconnected" && c.Header("X-Connection-Id") == sentinel, "the sentinel's notice");

        var action = Assert.Single(upstream.Calls, c => c.Header("X-Connection-Id") == leaving.ConnectionId);
        Assert.Equal("disconnect", action.Action);
    }

    [Fact]
    public async Task Close_UnregisteredClient_NoDisconnectedNotice()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(disconnect: UpstreamRoutes.RoundRobin(upstream.Node())));
        var unregistered = await gateway.ConnectAsync();

        // An answer proves the connection reached the hub before it closes.
        Frames.AssertError(await unregistered.RequestAsync(SeedUris.SubAdd, Frames.Topics("a")), 401, "not_registered");
        await unregistered.DisposeAsync();
        var registry = gateway.Services.GetRequiredService<ConnectionRegistry>();
        await Poll.UntilAsync(() => registry.Count == 0, "the unregistered connection to leave the registry");
        var sentinel = await CloseAnotherRegisteredAsync(gateway);
        await upstream.CallAsync(c => c.Header("X-Connection-Id") == sentinel, "the sentinel's notice");

        Assert.Single(upstream.Calls);
    }

    /// <summary>Waits until <paramref name="connectionId"/> has left the gateway (HTTP actions for it get 404).</summary>
    private static async Task WaitGoneAsync(TestGateway gateway, string connectionId)
    {
        var answer = await Eventually.StatusAsync(() => gateway.PostAsync(SeedUris.SubAdd, """{"topics":["x"]}""", gateway.BackendHeaders(connectionId)), 404);
        answer.AssertError(404, "not_found");
    }

    /// <summary>Registers and closes one more connection, whose notice marks that earlier closes were handled; returns its id.</summary>
    private static async Task<string> CloseAnotherRegisteredAsync(TestGateway gateway)
    {
        var client = await gateway.ConnectRegisteredAsync();
        await client.DisposeAsync();
        return client.ConnectionId;
    }
}
