using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using SignalRPub.Diagnostics;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Diagnostics;

/// <summary>Issue 12: <c>signalrpub.connections</c>, <c>signalrpub.subscriptions</c> and <c>signalrpub.topics</c> under real connections.</summary>
public sealed class ConnectionMetricsTests
{
    [Fact]
    public async Task Connections_RawClientRegisters_MovesFromUnregisteredToRegistered()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var instruments = new Instruments(gateway);
        var connections = instruments.Collect<long>(MetricNames.Connections);
        Assert.Equal(0, Raw(connections, registered: false));

        await using var client = await gateway.ConnectAsync();
        await Poll.UntilAsync(() => Raw(connections, registered: false) == 1, "the raw connection to be counted as unregistered");
        Assert.Equal(0, Raw(connections, registered: true));

        await client.RegisterAsync();
        Assert.Equal(0, Raw(connections, registered: false));
        Assert.Equal(1, Raw(connections, registered: true));
    }

    [Fact]
    public async Task Connections_HubJsonAndMessagePack_CountedByProtocol()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var instruments = new Instruments(gateway);
        var connections = instruments.Collect<long>(MetricNames.Connections);

        await using var json = await gateway.ConnectHubAsync(HubProtocolKind.Json);
        await using var messagePack = await gateway.ConnectHubAsync(HubProtocolKind.MessagePack);
        await using var second = await gateway.ConnectHubAsync(HubProtocolKind.MessagePack);
        await second.RegisterAsync();

        await Poll.UntilAsync(() => Hub(connections, MetricTags.Json, false) == 1 && Hub(connections, MetricTags.MessagePack, false) == 1, "the hub connections to be counted");
        Assert.Equal(1, Hub(connections, MetricTags.MessagePack, true));
        Assert.Equal(0, Hub(connections, MetricTags.Json, true));
        Assert.Equal(0, Raw(connections, registered: false) + Raw(connections, registered: true));
    }

    [Fact]
    public async Task Connections_ClientLeaves_CountedOut()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var instruments = new Instruments(gateway);
        var connections = instruments.Collect<long>(MetricNames.Connections);
        var client = await gateway.ConnectRegisteredAsync();
        Assert.Equal(1, Raw(connections, registered: true));

        await client.DisposeAsync();

        await Poll.UntilAsync(() => Raw(connections, registered: true) == 0, "the closed connection to be counted out");
        Assert.Equal(0, Raw(connections, registered: false));
    }

    [Fact]
    public async Task Subscriptions_TwoClientsShareATopic_CountsPairsAndDistinctTopics()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var instruments = new Instruments(gateway);
        var subscriptions = instruments.Collect<long>(MetricNames.Subscriptions);
        var topics = instruments.Collect<long>(MetricNames.Topics);
        await using var first = await gateway.ConnectRegisteredAsync();
        await using var second = await gateway.ConnectRegisteredAsync();

        await first.SubscribeAsync("a", "b");
        await second.SubscribeAsync("b", "c");

        Assert.Equal(4, Instruments.Observe(subscriptions));
        Assert.Equal(3, Instruments.Observe(topics));

        await second.DisposeAsync();
        await Poll.UntilAsync(() => Instruments.Observe(subscriptions) == 2, "the closed connection's subscriptions to be counted out");
        Assert.Equal(2, Instruments.Observe(topics));
    }

    private static long Raw(MetricCollector<long> connections, bool registered) =>
        Instruments.Observe(connections, (MetricTags.Transport, MetricTags.Raw), (MetricTags.Protocol, MetricTags.Json), (MetricTags.Registered, registered));

    private static long Hub(MetricCollector<long> connections, string protocol, bool registered) =>
        Instruments.Observe(connections, (MetricTags.Transport, MetricTags.Hub), (MetricTags.Protocol, protocol), (MetricTags.Registered, registered));
}
