using SignalRPub.Routing;

namespace SignalRPub.Upstreams;

/// <summary><c>roundrobin</c>: smooth weighted round robin, as nginx and APISIX do it.</summary>
internal sealed class RoundRobinPolicy : ILoadBalancingPolicy
{
    public string Name => "roundrobin";

    public INodeBalancer Create(IReadOnlyList<UpstreamNode> nodes) => new SmoothWeightedRoundRobin(nodes);
}
