using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SignalRPub.Diagnostics;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Diagnostics;

/// <summary>
/// Issue 12: <c>signalrpub.messages.published</c>, <c>signalrpub.deliveries</c>, <c>signalrpub.bytes.sent</c> and
/// <c>signalrpub.slow_consumers</c> under real publishing.
/// </summary>
public sealed class DeliveryMetricsTests
{
    [Fact]
    public async Task MessagesPublished_PublishesOfThreeMessages_CountsThree()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var instruments = new Instruments(gateway);
        var published = instruments.Collect<long>(MetricNames.MessagesPublished);
        var before = Instruments.Observe(published);

        (await gateway.PublishJsonAsync("""{"topics":["a","b"],"data":1}""")).AssertStatus(202);
        await gateway.PublishAsync("c", JsonValue.Create(2));

        Assert.Equal(0, before);
        Assert.Equal(3, Instruments.Observe(published));
    }

    [Fact]
    public async Task Deliveries_PublishToThreeRawSubscribers_CountsThreeMessagesAndTheirBytes()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var instruments = new Instruments(gateway);
        var deliveries = instruments.Collect<long>(MetricNames.Deliveries);
        var bytes = instruments.Collect<long>(MetricNames.BytesSent);
        await using var a = await gateway.ConnectRegisteredAsync();
        await using var b = await gateway.ConnectRegisteredAsync();
        await using var c = await gateway.ConnectRegisteredAsync();
        foreach (var client in new[] { a, b, c })
        {
            await client.SubscribeAsync("quotes");
        }

        var deliveriesBefore = Instruments.Observe(deliveries, (MetricTags.Transport, MetricTags.Raw));
        var bytesBefore = Instruments.Observe(bytes, (MetricTags.Transport, MetricTags.Raw));
        await gateway.PublishAsync("quotes", JsonValue.Create("hello"));
        var pushes = new[] { await a.NextPushAsync(), await b.NextPushAsync(), await c.NextPushAsync() };

        Assert.Equal(3, Instruments.Observe(deliveries, (MetricTags.Transport, MetricTags.Raw)) - deliveriesBefore);
        var pushBytes = pushes.Sum(p => Encoding.UTF8.GetByteCount(p.GetRawText()));
        Assert.InRange(Instruments.Observe(bytes, (MetricTags.Transport, MetricTags.Raw)) - bytesBefore, pushBytes, pushBytes + (3 * 16));
        Assert.Equal(0, Instruments.Observe(deliveries, (MetricTags.Transport, MetricTags.Hub)));
    }

    [Fact]
    public async Task Deliveries_HubSubscriberLeaves_KeepsWhatItWasSent()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var instruments = new Instruments(gateway);
        var deliveries = instruments.Collect<long>(MetricNames.Deliveries);
        var hub = await gateway.ConnectHubAsync(HubProtocolKind.Json);
        await hub.RegisterAsync();
        await hub.RequestAsync(SeedUris.SubAdd, HubClient.Topics("quotes"));
        await gateway.PublishAsync("quotes", JsonValue.Create(1));
        await hub.NextPushAsync();
        var sent = Instruments.Observe(deliveries, (MetricTags.Transport, MetricTags.Hub));

        await hub.DisposeAsync();
        await Poll.UntilAsync(() => gateway.Services.GetRequiredService<SignalRPub.Connections.ConnectionRegistry>().Count == 0, "the hub connection to close");

        Assert.True(sent >= 3, $"two answers and a push at least: {sent}");
        Assert.True(Instruments.Observe(deliveries, (MetricTags.Transport, MetricTags.Hub)) >= sent, "a closed connection's deliveries stay counted");
    }

    [Fact]
    public async Task SlowConsumers_RawClientOverMaxPendingBytes_CountsOne()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Limits["MaxPendingBytes"] = 65536);
        using var instruments = new Instruments(gateway);
        var slowConsumers = instruments.Collect<long>(MetricNames.SlowConsumers);
        await using var slow = await gateway.ConnectRegisteredAsync();
        await slow.SubscribeAsync("feed");
        slow.PauseReading();

        var data = Encoding.UTF8.GetBytes($$"""{"pad":"{{new string('x', 32 * 1024)}}"}""");
        for (var i = 0; i < 384 && !slow.IsClosed && Instruments.Observe(slowConsumers, (MetricTags.Transport, MetricTags.Raw)) == 0; i++)
        {
            await gateway.Publisher.PublishAsync("feed", data).WaitAsync(TestTimeouts.Default);
        }

        slow.ResumeReading();
        var close = await slow.WaitClosedAsync();

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, close.Status);
        Assert.Equal(1, Instruments.Observe(slowConsumers, (MetricTags.Transport, MetricTags.Raw)));
        Assert.Equal(0, Instruments.Observe(slowConsumers, (MetricTags.Transport, MetricTags.Hub)));
    }
}
