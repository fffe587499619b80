using System.Net.WebSockets;
using Microsoft.AspNetCore.SignalR;

namespace SignalRPub.Connections;

/// <summary>Closes a SignalR connection: its transport decides the close code, so the reason is only logged.</summary>
internal sealed class HubConnectionCloser(HubCallerContext context) : IConnectionCloser
{
    public void Close(WebSocketCloseStatus status, string reason) => context.Abort();

    public bool IsClosed => context.ConnectionAborted.IsCancellationRequested;
}
