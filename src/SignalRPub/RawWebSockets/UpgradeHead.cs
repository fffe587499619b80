namespace SignalRPub.RawWebSockets;

/// <summary>
/// The parts of a WebSocket upgrade request read below HTTP (<see cref="UpgradeHeadParser"/>) that accepting it needs.
/// </summary>
/// <param name="Path">The request's path, the query left off: an entry route's URI.</param>
/// <param name="Key">The <c>Sec-WebSocket-Key</c> (RFC 6455 §4.2.1), checked to be 16 bytes in base64.</param>
/// <param name="Origin">The <c>Origin</c> header, or null when the request has none.</param>
/// <param name="Length">The bytes of the request head, its closing empty line included.</param>
internal sealed record UpgradeHead(string Path, string Key, string? Origin, int Length);
