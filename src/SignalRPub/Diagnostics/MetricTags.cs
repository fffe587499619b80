namespace SignalRPub.Diagnostics;

/// <summary>The tag names of the <c>SignalRPub</c> instruments, and their fixed values.</summary>
internal static class MetricTags
{
    /// <summary>How a client is connected: <see cref="Raw"/>, <see cref="Hub"/>, or (actions only) <see cref="Http"/>.</summary>
    public const string Transport = "transport";

    /// <summary>The connection's protocol: <see cref="Json"/> or <see cref="MessagePack"/> (raw sockets are JSON).</summary>
    public const string Protocol = "protocol";

    /// <summary>Whether the connection has registered: <c>true</c> or <c>false</c>.</summary>
    public const string Registered = "registered";

    /// <summary>The action's wire name (<c>register</c>, <c>sub_add</c>, ...), or <see cref="UnknownAction"/>.</summary>
    public const string Action = "action";

    /// <summary>The status of the action's answer (200, 400, 429, 502, ...).</summary>
    public const string Status = "status";

    /// <summary>The route's id.</summary>
    public const string Route = "route";

    /// <summary>The upstream node, <c>host:port</c>.</summary>
    public const string Node = "node";

    /// <summary>How an upstream attempt ended: one of the <c>Outcome*</c> values.</summary>
    public const string Outcome = "outcome";

    /// <summary>Which limit refused: one of the <c>Limit*</c> values.</summary>
    public const string Limit = "limit";

    /// <summary>The backplane: <see cref="BackplaneNone"/> (one node) or <see cref="BackplaneRedis"/>.</summary>
    public const string Backplane = "backplane";

    public const string Raw = "raw";
    public const string Hub = "hub";
    public const string Http = "http";

    public const string Json = "json";
    public const string MessagePack = "messagepack";

    /// <summary>A frame whose action is not known: it could not be parsed, or its URI matches no route.</summary>
    public const string UnknownAction = "unknown";

    /// <summary>The node answered 2xx.</summary>
    public const string OutcomeSuccess = "success";

    /// <summary>The node answered another status that is not retried (4xx, 500, ...).</summary>
    public const string OutcomeRejected = "rejected";

    /// <summary>The node could not be reached, answered 502/503/504, or answered too much; the call moves on.</summary>
    public const string OutcomeUnavailable = "unavailable";

    /// <summary>The attempt ran past the route's timeout.</summary>
    public const string OutcomeTimeout = "timeout";

    /// <summary>The request could not be sent as the client made it; the node is not blamed.</summary>
    public const string OutcomeRefused = "refused";

    /// <summary>The caller went away (its connection closed) before the node answered.</summary>
    public const string OutcomeCanceled = "canceled";

    /// <summary>A connection's request frames per second (RateLimits:FramesPerSecond).</summary>
    public const string LimitFrames = "frames";

    /// <summary>A connection's queued actions (RateLimits:MaxQueuedActions).</summary>
    public const string LimitQueuedActions = "queued_actions";

    /// <summary>Connections opened per address (RateLimits:UpgradesPerSecondPerAddress).</summary>
    public const string LimitUpgrades = "upgrades";

    /// <summary>Requests with a wrong key or token per address (RateLimits:AuthFailuresPerMinutePerAddress).</summary>
    public const string LimitAuthFailures = "auth_failures";

    /// <summary>Messages published per second with the publish key (RateLimits:PublishMessagesPerSecond).</summary>
    public const string LimitPublish = "publish";

    public const string BackplaneNone = "none";
    public const string BackplaneRedis = "redis";
}
