using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>
/// PROTOCOL.md §8: with <c>Security:AllowedOrigins</c> set, a browser (a request with <c>Origin</c>) from any other
/// origin is refused with <c>403 forbidden</c> on every WebSocket endpoint, SignalR's negotiate included; clients that
/// send no <c>Origin</c> are not browsers and are let in.
/// </summary>
public sealed class OriginTests
{
    private const string Allowed = "https://app.example.com";
    private const string Other = "https://evil.example.net";

    [Fact]
    public async Task Entry_UpgradeFromOtherOrigin_Is403()
    {
        await using var gateway = await StartAsync();

        Assert.Equal(HttpStatusCode.Forbidden, await Upgrade.StatusAsync(gateway.WsUri(), ("Origin", Other)));
    }

    [Fact]
    public async Task Entry_RequestFromOtherOrigin_Is403ForbiddenWithErrorBody()
    {
        await using var gateway = await StartAsync();

        var answer = await gateway.SendAsync(HttpMethod.Get, SeedUris.Entry, null, ("Origin", Other));

        answer.AssertError(403, "forbidden");
    }

    [Theory]
    [InlineData(Allowed)]
    [InlineData("HTTPS://APP.EXAMPLE.COM")]
    public async Task Entry_UpgradeFromAllowedOrigin_IsAccepted(string origin)
    {
        await using var gateway = await StartAsync();

        Assert.Equal(HttpStatusCode.SwitchingProtocols, await Upgrade.StatusAsync(gateway.WsUri(), ("Origin", origin)));
    }

    [Fact]
    public async Task Entry_UpgradeWithoutOrigin_IsAccepted()
    {
        await using var gateway = await StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        Assert.Equal(["a"], await client.SubscribeAsync("a"));
    }

    [Fact]
    public async Task HubNegotiate_FromOtherOrigin_Is403ForbiddenWithErrorBody()
    {
        await using var gateway = await StartAsync();

        var answer = await gateway.SendAsync(HttpMethod.Post, "/hub/negotiate?negotiateVersion=1&entry=1", "", ("Origin", Other));

        answer.AssertError(403, "forbidden");
    }

    [Fact]
    public async Task HubNegotiate_FromAllowedOrigin_Succeeds()
    {
        await using var gateway = await StartAsync();

        var answer = await gateway.SendAsync(HttpMethod.Post, "/hub/negotiate?negotiateVersion=1&entry=1", "", ("Origin", Allowed));

        answer.AssertStatus(200);
        Assert.Equal(JsonValueKind.String, JsonAssert.Property(answer.Json, "connectionToken").ValueKind);
    }

    [Fact]
    public async Task HubWebSocketWithoutNegotiate_FromOtherOrigin_Is403()
    {
        await using var gateway = await StartAsync();

        var hub = new UriBuilder(gateway.HubUri()) { Scheme = "ws" }.Uri;
        Assert.Equal(HttpStatusCode.Forbidden, await Upgrade.StatusAsync(hub, ("Origin", Other)));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await Upgrade.StatusAsync(hub, ("Origin", Allowed)));
    }

    [Fact]
    public async Task AllowedOriginsUnset_AnyOriginIsAccepted()
    {
        await using var gateway = await TestGateway.StartAsync();

        Assert.Equal(HttpStatusCode.SwitchingProtocols, await Upgrade.StatusAsync(gateway.WsUri(), ("Origin", Other)));
    }

    [Fact]
    public async Task HostWebSocketOptions_AllowedOrigins_TakeEffectOnEntryRoutes()
    {
        // No Security:AllowedOrigins: the host's own WebSocket settings decide, as they do for SignalR's endpoints.
        await using var gateway = await TestGateway.StartAsync(o =>
            o.ConfigureServices = s => s.Configure<WebSocketOptions>(w => w.AllowedOrigins.Add(Allowed)));

        Assert.Equal(HttpStatusCode.Forbidden, await Upgrade.StatusAsync(gateway.WsUri(), ("Origin", Other)));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await Upgrade.StatusAsync(gateway.WsUri(), ("Origin", Allowed)));
    }

    [Fact]
    public async Task HostUseWebSocketsWithItsOwnOptions_HttpUpgrades_AllowedOriginsTakeEffectOnEntryRoutes()
    {
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            o.Settings["Gateway"] = new JsonObject { ["WebSocketUpgrades"] = "Http" };
            o.ConfigureApp = app => app.UseWebSockets(new WebSocketOptions { AllowedOrigins = { Allowed } });
        });

        Assert.Equal(HttpStatusCode.Forbidden, await Upgrade.StatusAsync(gateway.WsUri(), ("Origin", Other)));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await Upgrade.StatusAsync(gateway.WsUri(), ("Origin", Allowed)));
    }

    [Fact]
    public async Task HostUseWebSocketsWithItsOwnOptions_ConnectionUpgrades_NeverSeeEntryUpgrades()
    {
        // Documented (docs/architecture.md): below HTTP, the host's HTTP middleware does not run for raw upgrades; its
        // WebSocketOptions registered as options (the test above this one's sibling) and Security:AllowedOrigins do apply.
        await using var gateway = await TestGateway.StartAsync(o =>
            o.ConfigureApp = app => app.UseWebSockets(new WebSocketOptions { AllowedOrigins = { Allowed } }));

        Assert.Equal(HttpStatusCode.SwitchingProtocols, await Upgrade.StatusAsync(gateway.WsUri(), ("Origin", Other)));
    }

    private static Task<TestGateway> StartAsync() =>
        TestGateway.StartAsync(o => o.Settings["Security"] = new JsonObject { ["AllowedOrigins"] = new JsonArray(Allowed) });
}
