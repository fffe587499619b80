using Moq;
using SignalRPub.Connections;

namespace SignalRPub.Tests.Diagnostics;

/// <summary>The figures the observed instruments and <c>/signalrpub/stats</c> both read.</summary>
public sealed class GatewayStatsMetricsTests
{
    private readonly GatewayStats _stats = new();
    private readonly ConnectionRegistry _registry = new();

    [Fact]
    public void SubscriptionCount_SubscribedAndUnsubscribed_CountsPairsNotTopics()
    {
        _stats.Subscribed("a");
        _stats.Subscribed("a");
        _stats.Subscribed("b");
        _stats.Unsubscribed("a");
        _stats.Unsubscribed("never");

        Assert.Equal(2, _stats.SubscriptionCount);
        Assert.Equal(2, _stats.TopicCount);
    }

    [Fact]
    public void MessagesAndBytesOut_OpenAndClosedConnections_SummedPerTransport()
    {
        var raw = Open("r", isRaw: true);
        var hub = Open("h", isRaw: false);
        raw.Guard!.Written(10);
        raw.Guard.Written(20);
        hub.Guard!.Written(5);

        _registry.Remove("r");
        _stats.Closed(raw);
        var other = Open("r2", isRaw: true);
        other.Guard!.Written(1);

        Assert.Equal(3, _stats.MessagesOut(_registry, raw: true));
        Assert.Equal(31, _stats.BytesOut(_registry, raw: true));
        Assert.Equal(1, _stats.MessagesOut(_registry, raw: false));
        Assert.Equal(5, _stats.BytesOut(_registry, raw: false));
        Assert.Equal(4, _stats.MessagesOut(_registry));
    }

    [Fact]
    public void SlowConsumers_PerTransport_AddUp()
    {
        _stats.SlowConsumer(raw: true);
        _stats.SlowConsumer(raw: false);
        _stats.SlowConsumer(raw: false);

        Assert.Equal(1, _stats.SlowConsumersOf(raw: true));
        Assert.Equal(2, _stats.SlowConsumersOf(raw: false));
        Assert.Equal(3, _stats.SlowConsumers);
    }

    [Fact]
    public void OpenOf_KindsRegisterAndLeave_CountedPerKind()
    {
        var raw = Open("r", isRaw: true);
        Open("j", isRaw: false);
        var pack = Open("m", isRaw: false, ConnectionKind.HubMessagePack);
        raw.MarkRegistered(null);
        pack.MarkRegistered(null);
        _registry.Remove("m");

        Assert.Equal(1, _registry.OpenOf(ConnectionKind.RawJson));
        Assert.Equal(0, _registry.UnregisteredOf(ConnectionKind.RawJson));
        Assert.Equal(1, _registry.OpenOf(ConnectionKind.HubJson));
        Assert.Equal(1, _registry.UnregisteredOf(ConnectionKind.HubJson));
        Assert.Equal(0, _registry.OpenOf(ConnectionKind.HubMessagePack));
        Assert.Equal(0, _registry.UnregisteredOf(ConnectionKind.HubMessagePack));
        Assert.Equal(1, _registry.Unregistered);
    }

    private ConnectionState Open(string id, bool isRaw, ConnectionKind? kind = null)
    {
        var guard = new OutboundGuard(long.MaxValue, TimeSpan.FromMinutes(1), TimeProvider.System, _ => { });
        var state = new ConnectionState(id, "1", isRaw, null, Mock.Of<IConnectionCloser>(), 0)
        {
            Guard = guard,
            Kind = kind ?? (isRaw ? ConnectionKind.RawJson : ConnectionKind.HubJson),
        };
        _registry.Add(state);
        return state;
    }
}
