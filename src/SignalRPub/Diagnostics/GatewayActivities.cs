using System.Diagnostics;

namespace SignalRPub.Diagnostics;

/// <summary>
/// The <c>SignalRPub</c> activity source: an action (frame, hub <c>Request</c> or HTTP) is a span whose upstream
/// attempts are HttpClient's child spans, so the W3C <c>traceparent</c> reaches the upstream; a publish is a span.
/// Deliveries have none.
/// </summary>
internal static class GatewayActivities
{
    /// <summary>The span of one action, from its route lookup to its answer.</summary>
    public const string ActionSpan = "signalrpub.action";

    /// <summary>The span of one publish request, from its parse to its fan-out.</summary>
    public const string PublishSpan = "signalrpub.publish";

    /// <summary>Span tag: the action's wire name.</summary>
    public const string ActionTag = "signalrpub.action";

    /// <summary>Span tag: the route's id.</summary>
    public const string RouteTag = "signalrpub.route";

    /// <summary>Span tag: raw, hub or http.</summary>
    public const string TransportTag = "signalrpub.transport";

    /// <summary>Span tag: the connection's id.</summary>
    public const string ConnectionTag = "signalrpub.connection_id";

    /// <summary>Span tag: the status of the action's answer.</summary>
    public const string StatusTag = "signalrpub.status";

    /// <summary>Span tag: how many messages a publish carried.</summary>
    public const string MessagesTag = "signalrpub.messages";

    public static ActivitySource Source { get; } = new(SignalRPubTelemetry.ActivitySourceName, typeof(GatewayActivities).Assembly.GetName().Version?.ToString());
}
