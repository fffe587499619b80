using SignalRPub.Routing;

namespace SignalRPub.Upstreams;

/// <summary><c>chash</c>: consistent hashing on the connection id, so one client's actions reach the same node.</summary>
internal sealed class ConsistentHashPolicy : ILoadBalancingPolicy
{
    public string Name => "chash";

    public INodeBalancer Create(IReadOnlyList<UpstreamNode> nodes) => new ConsistentHashRing(nodes);
}
