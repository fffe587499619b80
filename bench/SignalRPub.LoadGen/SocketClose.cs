using System.Net.WebSockets;

namespace SignalRPub.LoadGen;

/// <summary>Ends a client socket: a close frame if it is still open (bounded), then abort, then its receive loop.</summary>
internal static class SocketClose
{
    public static async ValueTask CloseAsync(ClientWebSocket socket, Task? receiving)
    {
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }

        socket.Abort();
        socket.Dispose();
        if (receiving is not null)
        {
            await receiving.WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(_ => { });
        }
    }
}
