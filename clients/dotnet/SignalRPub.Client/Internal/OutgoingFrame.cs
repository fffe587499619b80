namespace SignalRPub.Client.Internal;

/// <summary>A request frame to send (docs/protocol.md §4): the route, its correlation id, extra headers and the body.</summary>
internal readonly record struct OutgoingFrame(
    string Uri,
    string MsgId,
    IEnumerable<KeyValuePair<string, string>>? Headers,
    object? Body);
