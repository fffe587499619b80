using SignalRPub.Routing;

namespace SignalRPub.Upstreams;

/// <summary>One action to forward: the route, the connection, and the request as the client sent it.</summary>
/// <param name="Route">The action route; its <see cref="RouteConfig.Upstream"/> is not null.</param>
/// <param name="Action">The value of <c>X-Action</c>: an action name or <c>disconnected</c>.</param>
/// <param name="ConnectionId">The value of <c>X-Connection-Id</c>.</param>
/// <param name="PathAndQuery">The route's path with the client's query string, if any.</param>
/// <param name="Headers">The request's headers, values already as strings (non-string JSON values encoded).</param>
/// <param name="Body">The request's body, JSON, forwarded byte for byte.</param>
/// <param name="RemoteIp">The client's address, for <c>X-Forwarded-For</c> and <c>X-Real-IP</c>.</param>
internal sealed record UpstreamRequest(
    RouteConfig Route,
    string Action,
    string ConnectionId,
    string PathAndQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body,
    string? RemoteIp);
