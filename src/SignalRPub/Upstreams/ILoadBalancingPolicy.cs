using SignalRPub.Routing;

namespace SignalRPub.Upstreams;

/// <summary>A balancing policy, chosen by an upstream's <c>type</c>.</summary>
internal interface ILoadBalancingPolicy
{
    /// <summary>The value of <c>type</c> that selects this policy.</summary>
    string Name { get; }

    /// <summary>Makes the balancer of one upstream; it lives as long as the upstream is unchanged.</summary>
    INodeBalancer Create(IReadOnlyList<UpstreamNode> nodes);
}
