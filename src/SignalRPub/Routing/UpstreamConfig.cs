namespace SignalRPub.Routing;

/// <summary>The upstream of an action route: the nodes asked before the action takes effect.</summary>
internal sealed record UpstreamConfig
{
    public required IReadOnlyList<UpstreamNode> Nodes { get; init; }

    /// <summary>The balancing policy, <c>roundrobin</c> (default) or <c>chash</c>.</summary>
    public string Type { get; init; } = "roundrobin";

    public string Scheme { get; init; } = "http";

    public UpstreamTimeout Timeout { get; init; } = UpstreamTimeout.Default;

    /// <summary>Further nodes tried after the first fails; default: node count − 1.</summary>
    public int Retries { get; init; }

    /// <summary>
    /// Names this upstream by value: two routes, or two versions of one route, with equal upstreams share one
    /// balancer, one health record and one connection pool.
    /// </summary>
    public string Key => field ??= $"{Type}|{Scheme}|{string.Join(",", Nodes.Select(n => $"{n.Authority}*{n.Weight}"))}|{Timeout.Connect},{Timeout.Send},{Timeout.Read}|{Retries}";
}
