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

    /// <summary>The span of one publish (an HTTP publish request from its rate check on, or an <see cref="Publishing.IPublisher"/> call).</summary>
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

    /// <summary>Starts the span of one action; null when no listener samples it.</summary>
    public static Activity? StartAction(string action, string? routeId, string transport, string connectionId)
    {
        var activity = Source.StartActivity(ActionSpan, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.DisplayName = $"{ActionSpan} {action}";
            activity.SetTag(ActionTag, action);
            activity.SetTag(RouteTag, routeId);
            activity.SetTag(TransportTag, transport);
            activity.SetTag(ConnectionTag, connectionId);
        }

        return activity;
    }

    /// <summary>Ends an action's span with its answer: an error status from 500 up (the gateway's or the upstream's fault).</summary>
    public static void Answered(Activity? activity, int status)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(StatusTag, status);
        if (status >= 500)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }

    /// <summary>Starts the span of one publish request; null when no listener samples it.</summary>
    public static Activity? StartPublish()
    {
        var activity = Source.StartActivity(PublishSpan, ActivityKind.Internal);
        return activity;
    }

    /// <summary>Ends a publish span with how many messages it accepted.</summary>
    public static void Published(Activity? activity, int messages) => activity?.SetTag(MessagesTag, messages);
}
