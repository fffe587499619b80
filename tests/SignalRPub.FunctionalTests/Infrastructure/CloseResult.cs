using System.Net.WebSockets;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>How a WebSocket ended: the close frame's status and reason, or a null status when it was cut without one.</summary>
internal sealed record CloseResult(WebSocketCloseStatus? Status, string? Description);
