using System.Diagnostics.Metrics;
using SignalRPub.Cluster;
using SignalRPub.Connections;
using SignalRPub.Routing;
using SignalRPub.Upstreams;

namespace SignalRPub.Diagnostics;

/// <summary>
/// The instruments read when a listener collects, from the same figures <c>/signalrpub/stats</c> reads: the
/// connection and topic counts, and the per-connection delivery counts summed on demand, so the delivery path
/// pays nothing for them and the two views cannot disagree.
/// </summary>
internal sealed class ObservedInstruments
{
    private static readonly ConnectionKind[] s_kinds = Enum.GetValues<ConnectionKind>();

    private readonly ConnectionRegistry _registry;
    private readonly GatewayStats _stats;
    private readonly RouteTableProvider _routes;
    private readonly UpstreamStates _upstreams;
    private readonly IClusterBus _bus;

    public ObservedInstruments(GatewayMetrics metrics, ConnectionRegistry registry, GatewayStats stats, RouteTableProvider routes, UpstreamStates upstreams, IClusterBus bus)
    {
        _registry = registry;
        _stats = stats;
        _routes = routes;
        _upstreams = upstreams;
        _bus = bus;
        var meter = metrics.Meter;
        meter.CreateObservableUpDownCounter(
            MetricNames.Connections,
            Connections,
            unit: "{connection}",
            description: "Open connections, by transport (raw, hub), protocol (json, messagepack) and whether they registered.");
        meter.CreateObservableUpDownCounter(
            MetricNames.Subscriptions,
            () => _stats.SubscriptionCount,
            unit: "{subscription}",
            description: "Topic subscriptions held by this node's connections (one per connection and topic).");
        meter.CreateObservableUpDownCounter(
            MetricNames.Topics,
            () => (long)_stats.TopicCount,
            unit: "{topic}",
            description: "Distinct topics with at least one subscriber on this node.");
        meter.CreateObservableCounter(
            MetricNames.MessagesPublished,
            () => _stats.MessagesIn,
            unit: "{message}",
            description: "Messages accepted by this node's publish API.");
        meter.CreateObservableCounter(
            MetricNames.Deliveries,
            () => PerTransport(static (s, r, raw) => s.MessagesOut(r, raw)),
            unit: "{message}",
            description: "Messages written to clients (pushes and action answers), by transport.");
        meter.CreateObservableCounter(
            MetricNames.BytesSent,
            () => PerTransport(static (s, r, raw) => s.BytesOut(r, raw)),
            unit: "By",
            description: "Bytes written to clients, by transport.");
        meter.CreateObservableCounter(
            MetricNames.SlowConsumers,
            () => PerTransport(static (s, _, raw) => s.SlowConsumersOf(raw)),
            unit: "{connection}",
            description: "Connections closed as slow consumers (too much buffered, or a send stuck too long), by transport.");
        meter.CreateObservableGauge(
            MetricNames.UpstreamNodeHealth,
            NodeHealth,
            unit: "1",
            description: "Passive health of each upstream node, by route and node: 1 takes calls, 0 rests after consecutive failures.");
        meter.CreateObservableGauge(
            MetricNames.BackplaneAvailable,
            () => new Measurement<int>(_bus.IsAvailable ? 1 : 0, new KeyValuePair<string, object?>(MetricTags.Backplane, _bus is LocalClusterBus ? MetricTags.BackplaneNone : MetricTags.BackplaneRedis)),
            unit: "1",
            description: "Whether the cluster's backplane answers (1) or not (0); always 1 on a single node without one.");
    }

    private IEnumerable<Measurement<long>> Connections()
    {
        foreach (var kind in s_kinds)
        {
            var open = _registry.OpenOf(kind);
            var unregistered = _registry.UnregisteredOf(kind);
            var (transport, protocol) = Tags(kind);
            yield return new Measurement<long>(open - unregistered, [new(MetricTags.Transport, transport), new(MetricTags.Protocol, protocol), new(MetricTags.Registered, true)]);
            yield return new Measurement<long>(unregistered, [new(MetricTags.Transport, transport), new(MetricTags.Protocol, protocol), new(MetricTags.Registered, false)]);
        }
    }

    private static (string Transport, string Protocol) Tags(ConnectionKind kind) => kind switch
    {
        ConnectionKind.RawJson => (MetricTags.Raw, MetricTags.Json),
        ConnectionKind.HubJson => (MetricTags.Hub, MetricTags.Json),
        _ => (MetricTags.Hub, MetricTags.MessagePack),
    };

    private Measurement<long>[] PerTransport(Func<GatewayStats, ConnectionRegistry, bool, long> read) =>
    [
        new(read(_stats, _registry, true), new KeyValuePair<string, object?>(MetricTags.Transport, MetricTags.Raw)),
        new(read(_stats, _registry, false), new KeyValuePair<string, object?>(MetricTags.Transport, MetricTags.Hub)),
    ];

    private IEnumerable<Measurement<int>> NodeHealth()
    {
        var live = _upstreams.Live.ToDictionary(s => s.Config.Key, StringComparer.Ordinal);
        foreach (var route in _routes.Current.Routes)
        {
            if (route.Upstream is { } upstream && live.TryGetValue(upstream.Key, out var state))
            {
                for (var i = 0; i < state.Health.Length; i++)
                {
                    yield return new Measurement<int>(state.Health[i].IsHealthy ? 1 : 0, [
                        new(MetricTags.Route, route.Id),
                        new(MetricTags.Node, state.Config.Nodes[i].Authority),
                    ]);
                }
            }
        }
    }
}
