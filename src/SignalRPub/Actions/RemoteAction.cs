namespace SignalRPub.Actions;

/// <summary>
/// An HTTP action as it travels to the node that holds its connection, with how long it may wait there for its turn
/// (<see cref="MaxTurnWaitMilliseconds"/>, a duration: the nodes' clocks need not agree).
/// </summary>
internal sealed record RemoteAction(
    string ConnectionId,
    string Path,
    string Query,
    string Method,
    KeyValuePair<string, string>[] Headers,
    byte[] Body,
    byte[] MsgId,
    string? RemoteIp,
    long MaxTurnWaitMilliseconds)
{
    public static RemoteAction From(string connectionId, ActionRequest request, TimeSpan maxTurnWait) => new(
        connectionId, request.Path, request.Query, request.Method, [.. request.Headers], request.Body.ToArray(), request.MsgId.ToArray(), request.RemoteIp,
        (long)maxTurnWait.TotalMilliseconds);

    public ActionRequest ToRequest() => new(Path, Query, Method, Headers, Body, MsgId, IsHttp: true)
    {
        RemoteIp = RemoteIp,
        MaxTurnWait = TimeSpan.FromMilliseconds(Math.Clamp(MaxTurnWaitMilliseconds, 0, int.MaxValue)),
    };
}
