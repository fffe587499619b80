using System.Net;
using System.Text.Json;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Samples;

/// <summary>
/// samples/EmbeddedGateway: an application hosting the gateway beside its own endpoints reaches raw WebSocket and
/// SignalR clients alike from its own code, through <c>IPublisher</c> and through <c>IHubContext&lt;PubHub&gt;</c>.
/// </summary>
public sealed class EmbeddedGatewayTests
{
    [Theory]
    [InlineData(HubProtocolKind.Json)]
    [InlineData(HubProtocolKind.MessagePack)]
    public async Task NotifyOrder_ThroughIPublisher_RawAndSignalRSubscribersReceiveIt(HubProtocolKind protocol)
    {
        await using var host = await EmbeddedGatewayHost.StartAsync();
        await using var raw = await host.ConnectRawAsync();
        await using var hub = await host.ConnectHubAsync(protocol);
        await raw.RegisterAsync();
        await raw.SubscribeAsync("orders.42");
        await hub.RegisterAsync();
        Frames.AssertStatus(await hub.RequestAsync(SeedUris.SubAdd, HubClient.Topics("orders.42")), 200);

        using var answer = await host.HttpClient.PostAsync("orders/42/notify?status=shipped", null);

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        AssertPush(await raw.NextPushAsync(), "orders.42", "status", "shipped");
        AssertPush(await hub.NextPushAsync(), "orders.42", "status", "shipped");
    }

    [Theory]
    [InlineData(HubProtocolKind.Json)]
    [InlineData(HubProtocolKind.MessagePack)]
    public async Task Announce_ThroughIHubContext_RawAndSignalRSubscribersReceiveIt(HubProtocolKind protocol)
    {
        await using var host = await EmbeddedGatewayHost.StartAsync();
        await using var raw = await host.ConnectRawAsync();
        await using var hub = await host.ConnectHubAsync(protocol);
        await raw.RegisterAsync();
        await raw.SubscribeAsync("announcements");
        await hub.RegisterAsync();
        Frames.AssertStatus(await hub.RequestAsync(SeedUris.SubAdd, HubClient.Topics("announcements")), 200);

        using var answer = await host.HttpClient.PostAsync("announcements?text=hello", null);

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        AssertPush(await raw.NextPushAsync(), "announcements", "text", "hello");
        AssertPush(await hub.NextPushAsync(), "announcements", "text", "hello");
    }

    [Fact]
    public async Task NotifyOrder_IdThatIsNoTopic_400AndNothingPublished()
    {
        await using var host = await EmbeddedGatewayHost.StartAsync();

        using var answer = await host.HttpClient.PostAsync("orders/a%20b/notify", null);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("'orders.a b' is not a topic", await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_Root_AppsOwnEndpointBesideTheGateways()
    {
        await using var host = await EmbeddedGatewayHost.StartAsync();

        var info = JsonAssert.Parse(await host.HttpClient.GetStringAsync(""));
        var health = JsonAssert.Parse(await host.HttpClient.GetStringAsync("healthz"));

        Assert.Equal("EmbeddedGateway", info.GetProperty("app").GetString());
        Assert.Equal("ok", health.GetProperty("status").GetString());
    }

    private static void AssertPush(JsonElement push, string topic, string field, string value)
    {
        Assert.Equal(topic, JsonAssert.Property(push, "topic").GetString());
        var data = JsonAssert.Property(push, "data");
        Assert.Equal(value, JsonAssert.Property(data, field).GetString());
        Assert.True(JsonAssert.Property(data, "at").GetInt64() > 0);
    }
}
