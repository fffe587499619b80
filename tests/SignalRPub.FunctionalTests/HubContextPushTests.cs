using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using SignalRPub.FunctionalTests.Infrastructure;
using SignalRPub.Hubs;

namespace SignalRPub.FunctionalTests;

/// <summary>
/// docs/protocol.md §8, from in-process code: a host's own sends through <c>IHubContext&lt;PubHub&gt;</c> reach raw
/// clients when they have the push shape (method <c>push</c>, one argument <c>{topic, data}</c>); SignalR clients get
/// every send as SignalR delivers it.
/// </summary>
public sealed class HubContextPushTests
{
    [Fact]
    public async Task SendPushShape_ToATopicsGroup_RawAndHubSubscribersReceiveIt()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var raw = await gateway.ConnectRegisteredAsync();
        await raw.SubscribeAsync("t1");
        await using var hub = await gateway.ConnectHubAsync(HubProtocolKind.Json);
        await hub.RegisterAsync();
        Frames.AssertStatus(await hub.RequestAsync(SeedUris.SubAdd, HubClient.Topics("t1")), 200);
        var context = gateway.Services.GetRequiredService<IHubContext<PubHub>>();

        await context.Clients.Group("t1").SendAsync("push", new { topic = "t1", data = new { last = 1.5, tags = new[] { "a" } } });

        JsonAssert.Equal("""{"type":"push","topic":"t1","data":{"last":1.5,"tags":["a"]}}""", await raw.NextPushAsync());
        JsonAssert.Equal("""{"topic":"t1","data":{"last":1.5,"tags":["a"]}}""", await hub.NextPushAsync());
    }

    [Fact]
    public async Task SendOtherShapes_ToATopicsGroup_OnlyHubSubscribersReceiveThem()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var raw = await gateway.ConnectRegisteredAsync();
        await raw.SubscribeAsync("t1");
        await using var hub = await gateway.ConnectHubAsync(HubProtocolKind.Json);
        await hub.RegisterAsync();
        Frames.AssertStatus(await hub.RequestAsync(SeedUris.SubAdd, HubClient.Topics("t1")), 200);
        var clients = gateway.Services.GetRequiredService<IHubContext<PubHub>>().Clients.Group("t1");

        await clients.SendAsync("push", "t1", new { last = 1 });
        await clients.SendAsync("push", new { data = 2 });
        await clients.SendAsync("push", new { topic = 3, data = 3 });
        await clients.SendAsync("push", new { topic = "t1", data = "last" });

        // Raw frames keep the order of the sends: the one push-shaped send, last, is the first the raw client gets.
        JsonAssert.Equal("""{"type":"push","topic":"t1","data":"last"}""", await raw.NextPushAsync());
        JsonAssert.Equal("""{"data":2}""", await hub.NextPushAsync());
        JsonAssert.Equal("""{"topic":3,"data":3}""", await hub.NextPushAsync());
        JsonAssert.Equal("""{"topic":"t1","data":"last"}""", await hub.NextPushAsync());
    }
}
