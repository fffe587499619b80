using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SignalRPub.Routing;
using SignalRPub.Tests.TestSupport;
using SignalRPub.Upstreams;

namespace SignalRPub.Tests.Upstreams;

public sealed class UpstreamStatesTests : IDisposable
{
    private static readonly UpstreamConfig s_a = TestRoutes.Upstream(new UpstreamNode("a", 80, 1));
    private static readonly UpstreamConfig s_b = TestRoutes.Upstream(new UpstreamNode("b", 80, 1));

    private readonly RouteTableProvider _routes = new(Table(("1", s_a), ("2", s_a), ("3", s_b)));
    private readonly UpstreamStates _states;

    public UpstreamStatesTests()
    {
        var options = Options.Create(new SignalRPubOptions());
        _states = new UpstreamStates(
            _routes,
            [new RoundRobinPolicy(), new ConsistentHashPolicy()],
            new DeniedNetworks(options, new ServiceCollection().BuildServiceProvider()),
            options,
            TimeProvider.System);
    }

    public void Dispose() => _states.Dispose();

    [Fact]
    public void Live_EveryUpstreamOfTheTable_OneStateByValue()
    {
        Assert.Equal(2, _states.Live.Count);
        Assert.Equal([s_a.Key, s_b.Key], _states.Live.Select(s => s.Config.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Acquire_EqualUpstreams_ShareOneState()
    {
        var copy = TestRoutes.Upstream(new UpstreamNode("a", 80, 1));

        using var first = _states.Acquire(s_a);
        using var second = _states.Acquire(copy);

        Assert.Same(first.State, second.State);
        Assert.Contains(first.State, _states.Live);
    }

    [Fact]
    public void Update_UpstreamNoLongerUsed_DisposedAtOnceWhenIdle()
    {
        var a = Live(s_a);

        _routes.Update(Table(("3", s_b)));

        Assert.True(a.IsDisposed);
        Assert.Equal([s_b.Key], _states.Live.Select(s => s.Config.Key));
    }

    [Fact]
    public void Update_UpstreamNoLongerUsed_DisposedWhenItsLastCallEnds()
    {
        var first = _states.Acquire(s_a);
        var second = _states.Acquire(s_a);

        _routes.Update(Table(("3", s_b)));
        Assert.False(first.State.IsDisposed);
        first.Dispose();
        Assert.False(second.State.IsDisposed);
        second.Dispose();

        Assert.True(second.State.IsDisposed);
    }

    [Fact]
    public void Update_OtherUpstreamsUnchanged_KeepTheirState()
    {
        var b = Live(s_b);
        var c = TestRoutes.Upstream(new UpstreamNode("c", 80, 1));

        _routes.Update(Table(("1", c), ("3", s_b)));

        Assert.Same(b, Live(s_b));
        Assert.False(b.IsDisposed);
        Assert.Contains(_states.Live, s => s.Config.Key == c.Key);
    }

    [Fact]
    public void Acquire_UpstreamNoTableUses_StateForThisCallOnlyDisposedWithTheLease()
    {
        var gone = TestRoutes.Upstream(new UpstreamNode("gone", 80, 1));

        var lease = _states.Acquire(gone);
        Assert.DoesNotContain(lease.State, _states.Live);
        Assert.False(lease.State.IsDisposed);
        lease.Dispose();

        Assert.True(lease.State.IsDisposed);
        Assert.Equal(2, _states.Live.Count);
    }

    [Fact]
    public void Dispose_EveryIdleStateDisposed()
    {
        var states = _states.Live.ToList();

        _states.Dispose();

        Assert.All(states, s => Assert.True(s.IsDisposed));
        Assert.Empty(_states.Live);
    }

    [Fact]
    public void Release_MoreThanLeased_Throws()
    {
        var lease = _states.Acquire(TestRoutes.Upstream(new UpstreamNode("once", 80, 1)));
        lease.Dispose();

        Assert.Throws<InvalidOperationException>(lease.Dispose);
    }

    private UpstreamState Live(UpstreamConfig upstream) => Assert.Single(_states.Live, s => s.Config.Key == upstream.Key);

    private static RouteTable Table(params (string Id, UpstreamConfig Upstream)[] routes) =>
        RouteTable.Create(routes.Select(r => TestRoutes.Action(r.Id, "/r" + r.Id, RouteAction.SubAdd, upstream: r.Upstream)), new List<string>())!;
}
