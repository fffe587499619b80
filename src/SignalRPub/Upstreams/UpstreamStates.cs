using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using SignalRPub.Routing;

namespace SignalRPub.Upstreams;

/// <summary>
/// The live state of every upstream the current route table uses, as YARP keeps its clusters: made when a table
/// first uses an upstream, shared by value (<see cref="UpstreamConfig.Key"/>) by every route and every later table
/// that uses an equal upstream, so editing one route keeps the others' health and pools; and released when a new
/// table no longer uses it, so it is disposed once its last call in flight has ended.
/// </summary>
internal sealed class UpstreamStates : IDisposable
{
    private readonly RouteTableProvider _routes;
    private readonly Dictionary<string, ILoadBalancingPolicy> _policies;
    private readonly UpstreamConnector _connector;
    private readonly UpstreamsOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly IDisposable _subscription;
    private volatile FrozenDictionary<string, UpstreamState> _live = FrozenDictionary<string, UpstreamState>.Empty;
    private bool _disposed;

    public UpstreamStates(
        RouteTableProvider routes,
        IEnumerable<ILoadBalancingPolicy> policies,
        DeniedNetworks denied,
        IOptions<SignalRPubOptions> options,
        TimeProvider time)
    {
        _routes = routes;
        _policies = policies.ToDictionary(p => p.Name, StringComparer.Ordinal);
        _connector = new UpstreamConnector(denied);
        _options = options.Value.Upstreams;
        _time = time;
        _subscription = ChangeToken.OnChange(routes.GetChangeToken, Reconcile);
        Reconcile();
    }

    /// <summary>The states of the upstreams the current route table uses.</summary>
    public IReadOnlyCollection<UpstreamState> Live => _live.Values;

    /// <summary>
    /// A lease on the state of <paramref name="upstream"/>. When no current table uses it (its route changed after
    /// the caller looked it up), a state made for this one call, disposed with the lease.
    /// </summary>
    public UpstreamLease Acquire(UpstreamConfig upstream)
    {
        if (_live.TryGetValue(upstream.Key, out var state) && state.TryLease())
        {
            return new UpstreamLease(state);
        }

        // A table published but not reconciled yet, or a state released a moment ago: look again in order.
        Reconcile();
        if (_live.TryGetValue(upstream.Key, out state) && state.TryLease())
        {
            return new UpstreamLease(state);
        }

        return new UpstreamLease(Create(upstream));
    }

    public void Dispose()
    {
        _subscription.Dispose();
        FrozenDictionary<string, UpstreamState> live;
        lock (_lock)
        {
            _disposed = true;
            live = _live;
            _live = FrozenDictionary<string, UpstreamState>.Empty;
        }

        foreach (var state in live.Values)
        {
            state.Release();
        }
    }

    /// <summary>Brings the live states in line with the current table: new upstreams get a state, unused ones are released.</summary>
    private void Reconcile()
    {
        var retired = new List<UpstreamState>();
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            var next = new Dictionary<string, UpstreamState>(StringComparer.Ordinal);
            foreach (var route in _routes.Current.Routes)
            {
                if (route.Upstream is { } upstream && !next.ContainsKey(upstream.Key))
                {
                    next[upstream.Key] = _live.TryGetValue(upstream.Key, out var state) ? state : Create(upstream);
                }
            }

            retired.AddRange(_live.Where(p => !next.ContainsKey(p.Key)).Select(p => p.Value));
            if (retired.Count > 0 || next.Count != _live.Count)
            {
                _live = next.ToFrozenDictionary(StringComparer.Ordinal);
            }
        }

        foreach (var state in retired)
        {
            state.Release();
        }
    }

    private UpstreamState Create(UpstreamConfig upstream) => new(
        upstream,
        _policies.TryGetValue(upstream.Type, out var policy) ? policy : throw new InvalidOperationException($"No balancing policy named '{upstream.Type}'."),
        _connector,
        _options,
        _time);
}
