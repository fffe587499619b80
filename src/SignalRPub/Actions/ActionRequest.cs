namespace SignalRPub.Actions;

/// <summary>One action request, from a frame or an HTTP POST, before routing.</summary>
/// <param name="Path">The URI's path, matched against the routes.</param>
/// <param name="Query">The URI's query string with its <c>?</c>, or empty.</param>
/// <param name="Method">The request method (frames default to POST).</param>
/// <param name="Headers">Header values as strings; non-string JSON values are JSON-encoded.</param>
/// <param name="Body">The body as UTF-8 JSON (<c>{}</c> when absent).</param>
/// <param name="MsgId">The request's <c>msgId</c> as a JSON value, or empty when it has none.</param>
/// <param name="IsHttp">True for the HTTP form of §5.</param>
internal sealed record ActionRequest(
    string Path,
    string Query,
    string Method,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body,
    ReadOnlyMemory<byte> MsgId,
    bool IsHttp)
{
    /// <summary>The caller's address when it is not the connection's (the HTTP form).</summary>
    public string? RemoteIp { get; init; }

    /// <summary>
    /// How long the action may wait for its turn behind the connection's others before it is given up unrun; null:
    /// as long as its caller waits. Set for an action from another node, which stops waiting at some point.
    /// </summary>
    public TimeSpan? MaxTurnWait { get; init; }
}
