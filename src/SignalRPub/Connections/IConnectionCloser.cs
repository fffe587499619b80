using System.Net.WebSockets;

namespace SignalRPub.Connections;

/// <summary>Ends a connection from the server side, with a WebSocket close code where the transport has one.</summary>
internal interface IConnectionCloser
{
    void Close(WebSocketCloseStatus status, string reason);

    /// <summary>True once the connection is closing or closed.</summary>
    bool IsClosed { get; }
}
