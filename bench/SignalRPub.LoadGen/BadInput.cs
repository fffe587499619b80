using System.Net.WebSockets;

namespace SignalRPub.LoadGen;

/// <summary>
/// One bad input of the soak and the outcomes the contract allows (PROTOCOL.md §8): <c>400 invalid_json</c> (status
/// and error code), <c>close-1003</c>, or <c>202</c> where carrying the input through safely is allowed too.
/// </summary>
internal sealed record BadInput(string Name, BadInputKind Kind, byte[] Body, params string[] Expected)
{
    /// <summary>For <see cref="BadInputKind.ClosingFrame"/>: the WebSocket message type.</summary>
    public WebSocketMessageType MessageType { get; init; } = WebSocketMessageType.Text;

    /// <summary>For actions: the route; for publishes, <c>/api/v1/publish</c>.</summary>
    public string Uri { get; init; } = "/api/v1/publish";

    /// <summary>For actions: the HTTP method.</summary>
    public string Method { get; init; } = "POST";
}
