using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SignalRPub.FunctionalTests.Infrastructure;
using SignalRPub.Upstreams;

namespace SignalRPub.FunctionalTests;

/// <summary>How connections end: disconnect (§5), keep-alive and idle timeout (§4), server shutdown, and <c>/healthz</c>.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task Healthz_Get_Returns200()
    {
        await using var gateway = await TestGateway.StartAsync();

        (await gateway.SendAsync(HttpMethod.Get, "/healthz", null)).AssertStatus(200);
    }

    [Fact]
    public async Task Disconnect_Registered_AnswersFirstThenClosesWith1000()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        var response = await client.RequestAsync(SeedUris.Disconnect);
        var close = await client.WaitClosedAsync();

        Frames.AssertStatus(response, 200);
        JsonAssert.Equal("""{"upstream":null}""", Frames.Body(response));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, close.Status);
    }

    [Fact]
    public async Task Disconnect_WithUpstream_BodyCarriesUpstreamAnswer()
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectRegisteredAsync();
        upstream.AnswerWith(_ => FakeForwarder.Json(200, """{"bye":true}"""));

        var response = await client.RequestAsync(SeedUris.Disconnect);

        Frames.AssertStatus(response, 200);
        JsonAssert.Equal("""{"upstream":{"bye":true}}""", Frames.Body(response));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, (await client.WaitClosedAsync()).Status);
    }

    [Fact]
    public async Task Disconnect_UpstreamRejects_KeepsSocketOpen()
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectRegisteredAsync();
        upstream.AnswerWith(_ => FakeForwarder.Json(409, """{"reason":"busy"}"""));

        Frames.AssertError(await client.RequestAsync(SeedUris.Disconnect), 409, "upstream_rejected");

        upstream.AnswerWith(_ => FakeForwarder.Json(200, "{}"));
        Assert.Equal(["still-here"], await client.SubscribeAsync("still-here"));
    }

    [Fact]
    public async Task Disconnect_UpstreamUnavailable_KeepsSocketOpen()
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectRegisteredAsync();
        upstream.AnswerWith(_ => UpstreamResult.Unavailable);

        Frames.AssertError(await client.RequestAsync(SeedUris.Disconnect), 502, "upstream_unavailable");

        upstream.AnswerWith(_ => FakeForwarder.Json(200, "{}"));
        Assert.Equal(["still-here"], await client.SubscribeAsync("still-here"));
    }

    [Fact]
    public async Task Disconnect_ClosedConnection_ReceivesNoFurtherPushes()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var leaving = await gateway.ConnectRegisteredAsync();
        await using var staying = await gateway.ConnectRegisteredAsync();
        await leaving.SubscribeAsync("t");
        await staying.SubscribeAsync("t");

        Frames.AssertStatus(await leaving.RequestAsync(SeedUris.Disconnect), 200);
        await leaving.WaitClosedAsync();
        await gateway.PublishAsync("t", JsonValue.Create(1));

        Frames.AssertPush(await staying.NextPushAsync(), "t", "1");
        Assert.Empty(leaving.DrainPushes());
    }

    [Fact]
    public async Task Shutdown_StopAsync_ClosesRawSocketsWith1001()
    {
        var gateway = await TestGateway.StartAsync();
        await using (gateway)
        {
            await using var registered = await gateway.ConnectRegisteredAsync();
            await using var unregistered = await gateway.ConnectAsync();

            // An answer shows the unregistered connection is fully set up on the server, not still being accepted.
            await unregistered.SendTextAsync("not json");
            Frames.AssertStatus(await unregistered.NextResponseAsync(), 400);

            await gateway.StopAsync();

            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await registered.WaitClosedAsync()).Status);
            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await unregistered.WaitClosedAsync()).Status);
        }
    }

    [Fact]
    public async Task Shutdown_StopAsync_ClosesHubConnections()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectHubAsync(HubProtocolKind.Json);
        await client.RegisterAsync();

        await gateway.StopAsync();

        await client.WaitClosedAsync();
    }

    [Fact]
    public async Task Shutdown_WhileStopping_NewSocketsAndNegotiationsGet503WithRetryAfter()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var registered = await gateway.ConnectRegisteredAsync();

        // The moment a stopping host is in after it signalled ApplicationStopping and before its server stops
        // listening. A host started with StartAsync, as here, signals it and goes on serving.
        gateway.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await registered.WaitClosedAsync()).Status);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await Upgrade.StatusAsync(gateway.WsUri()));
        var negotiate = await gateway.PostAsync($"/hub/negotiate?entry={SeedUris.EntryId}&negotiateVersion=1", "");
        negotiate.AssertError(503, "unavailable");
        Assert.Equal("1", negotiate.Headers.RetryAfter?.ToString());
    }

    [Fact]
    public async Task Idle_ClientNotAnsweringPings_IsClosedAfterIdleTimeout()
    {
        await using var gateway = await TestGateway.StartAsync(o => (o.Limits["KeepAliveSeconds"], o.Limits["IdleTimeoutSeconds"]) = (1, 2));
        await using var silent = await gateway.ConnectRegisteredAsync();

        await StopReadingAsync(gateway, silent);

        var answer = await Eventually.StatusAsync(() => ProbeAsync(gateway, silent), 404);

        answer.AssertError(404, "not_found");
    }

    [Fact]
    public async Task Idle_ClientAnsweringPings_StaysConnectedPastIdleTimeout()
    {
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            o.Limits["KeepAliveSeconds"] = 1;
            o.Limits["IdleTimeoutSeconds"] = 2;
            o.Limits["RegisterTimeoutSeconds"] = 3;
        });
        await using var quiet = await gateway.ConnectRegisteredAsync();

        // A clock: a connection opened after the quiet one and never registered is closed by the register timeout,
        // by which time the quiet one has sent nothing but pongs for longer than the idle timeout.
        await using var clock = await gateway.ConnectAsync();
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, (await clock.WaitClosedAsync()).Status);

        Assert.False(quiet.IsClosed);
        (await ProbeAsync(gateway, quiet)).AssertStatus(200);
        Assert.Equal(["alive"], await quiet.SubscribeAsync("alive"));
    }

    // Not reading, a client answers no ping: the server hears nothing from it. The receive already pending when reading
    // pauses would still answer pings, so a last push completes it first.
    private static async Task StopReadingAsync(TestGateway gateway, RawClient client)
    {
        client.PauseReading();
        await gateway.PublishAsync($"$conn:{client.ConnectionId}", JsonValue.Create("last"));
        await client.NextPushAsync();
    }

    private static Task<HttpAnswer> ProbeAsync(TestGateway gateway, RawClient client) =>
        gateway.PostAsync(SeedUris.SubDelete, """{"topics":["probe"]}""", gateway.BackendHeaders(client.ConnectionId));
}
