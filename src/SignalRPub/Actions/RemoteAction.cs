namespace SignalRPub.Actions;

/// <summary>An HTTP action as it travels to the node that holds its connection.</summary>
internal sealed record RemoteAction(
    string ConnectionId,
    string Path,
    string Query,
    string Method,
    KeyValuePair<string, string>[] Headers,
    byte[] Body,
    byte[] MsgId,
    string? RemoteIp)
{
    public static RemoteAction From(string connectionId, ActionRequest request) => new(
        connectionId, request.Path, request.Query, request.Method, [.. request.Headers], request.Body.ToArray(), request.MsgId.ToArray(), request.RemoteIp);

    public ActionRequest ToRequest() => new(Path, Query, Method, Headers, Body, MsgId, IsHttp: true) { RemoteIp = RemoteIp };
}
