namespace SignalRPub.Protocol;

/// <summary>HTTP header names of the wire contract that the gateway itself reads (PROTOCOL.md §5, §6).</summary>
internal static class GatewayHeaders
{
    /// <summary>The publish key on the publish API and the backend form of HTTP actions; the admin key on the admin API.</summary>
    public const string ApiKey = "X-API-KEY";

    /// <summary>With <see cref="ApiKey"/>, names the connection an HTTP action acts on.</summary>
    public const string ConnectionId = "connId";

    /// <summary>Echoed from an HTTP action's request to its answer.</summary>
    public const string MsgId = "msgId";

    /// <summary>In a raw connection's <c>register</c> frame: <c>true</c>, <c>"true"</c> or <c>"1"</c> asks for batch frames (PROTOCOL.md §3).</summary>
    public const string PushBatch = "pushBatch";
}
