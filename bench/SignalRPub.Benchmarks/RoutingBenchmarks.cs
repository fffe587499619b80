using BenchmarkDotNet.Attributes;
using SignalRPub.Actions;
using SignalRPub.Routing;
using SignalRPub.Upstreams;

namespace SignalRPub.Benchmarks;

/// <summary>Route lookup, balancer picks and the subscription diff of a sub_put.</summary>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    private RouteTable _table = null!;
    private INodeBalancer _roundRobin = null!;
    private INodeBalancer _hash = null!;
    private HashSet<string> _current = null!;
    private List<string> _requested = null!;

    [GlobalSetup]
    public void Setup()
    {
        var routes = Enumerable.Range(0, 1000).Select(i => new RouteConfig { Id = i.ToString(), Uri = $"/60150/ormp/subscribe/r{i}", Action = RouteAction.SubAdd });
        _table = RouteTable.Create(routes, new List<string>())!;
        var nodes = new[] { new UpstreamNode("10.0.0.1", 1975, 3), new UpstreamNode("10.0.0.2", 1975, 1), new UpstreamNode("10.0.0.3", 1975, 2) };
        _roundRobin = new RoundRobinPolicy().Create(nodes);
        _hash = new ConsistentHashPolicy().Create(nodes);
        _current = Enumerable.Range(0, 50).Select(i => $"hq_{100000 + i}_129").ToHashSet(StringComparer.Ordinal);
        _requested = Enumerable.Range(25, 50).Select(i => $"hq_{100000 + i}_129").ToList();
    }

    [Benchmark]
    public bool RouteLookup() => _table.FindByUri("/60150/ormp/subscribe/r500") is not null;

    [Benchmark]
    public int RoundRobinPick() => _roundRobin.Pick("conn-1", static _ => true);

    [Benchmark]
    public int ConsistentHashPick() => _hash.Pick("Z1aGt9lSsk6_JzF6R-ugtw", static _ => true);

    [Benchmark]
    public int SubPutDiff() => SubscriptionManager.Compute(_current, RouteAction.SubPut, _requested, 10000)!.Count;
}
