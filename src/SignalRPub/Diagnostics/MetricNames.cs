namespace SignalRPub.Diagnostics;

/// <summary>
/// The instruments of the <c>SignalRPub</c> meter (docs/operations.md, "Metrics"). Names follow OpenTelemetry's
/// conventions; the Prometheus exporter turns dots into underscores and adds the unit and <c>_total</c> suffixes.
/// </summary>
internal static class MetricNames
{
    /// <summary>Open connections (up-down counter, <c>{connection}</c>; tags transport, protocol, registered).</summary>
    public const string Connections = "signalrpub.connections";

    /// <summary>Connection-topic pairs held on this node (up-down counter, <c>{subscription}</c>).</summary>
    public const string Subscriptions = "signalrpub.subscriptions";

    /// <summary>Distinct topics with at least one subscriber on this node (up-down counter, <c>{topic}</c>).</summary>
    public const string Topics = "signalrpub.topics";

    /// <summary>Messages accepted by this node's publish API (counter, <c>{message}</c>).</summary>
    public const string MessagesPublished = "signalrpub.messages.published";

    /// <summary>Messages written to clients: pushes and action answers (counter, <c>{message}</c>; tag transport).</summary>
    public const string Deliveries = "signalrpub.deliveries";

    /// <summary>Bytes written to clients (counter, <c>By</c>; tag transport).</summary>
    public const string BytesSent = "signalrpub.bytes.sent";

    /// <summary>Connections closed as slow consumers (counter, <c>{connection}</c>; tag transport).</summary>
    public const string SlowConsumers = "signalrpub.slow_consumers";

    /// <summary>Actions answered (counter, <c>{action}</c>; tags action, status, transport).</summary>
    public const string Actions = "signalrpub.actions";

    /// <summary>Duration of one upstream attempt on one node (histogram, <c>s</c>; tags route, node, outcome).</summary>
    public const string UpstreamDuration = "signalrpub.upstream.duration";

    /// <summary>Passive health of each upstream node: 1 takes calls, 0 rests after failures (gauge, <c>1</c>; tags route, node).</summary>
    public const string UpstreamNodeHealth = "signalrpub.upstream.node.health";

    /// <summary>Requests, frames and connections refused by a rate limit (counter, <c>{refusal}</c>; tag limit).</summary>
    public const string RateLimitRefusals = "signalrpub.rate_limit.refusals";

    /// <summary>Whether the cluster's backplane answers: 1 or 0 (gauge, <c>1</c>; tag backplane).</summary>
    public const string BackplaneAvailable = "signalrpub.backplane.available";
}
