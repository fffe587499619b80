using SignalRPub.Protocol;

namespace SignalRPub.Actions;

/// <summary>
/// What an action came to, whatever carried it: an HTTP status and the JSON body of PROTOCOL.md §5 or §8. Each
/// entrance puts it on its own wire (a response frame with the request's <c>msgId</c>, an HTTP answer, a reply to
/// another node).
/// </summary>
internal readonly record struct ActionResult(int Status, ReadOnlyMemory<byte> Body)
{
    /// <summary>The connection closes once this answer is out (a successful <c>disconnect</c>).</summary>
    public bool CloseAfter { get; init; }

    public static ActionResult Error(string code, string message) => new(ErrorCodes.StatusOf(code), ErrorBody.Write(code, message));

    public static ActionResult Internal { get; } = Error(ErrorCodes.Internal, "the gateway failed to handle the request");

    public static ActionResult Closing { get; } = Error(ErrorCodes.Unavailable, "the connection is closing");
}
