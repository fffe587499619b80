using System.Net;
using System.Net.WebSockets;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>Attempts a WebSocket upgrade and tells how the server answered it, for tests of who may connect.</summary>
internal static class Upgrade
{
    /// <summary>
    /// Opens a WebSocket to <paramref name="uri"/> with <paramref name="headers"/> and returns the HTTP status of the
    /// answer (101 when it was accepted; the socket is then closed again).
    /// </summary>
    public static async Task<HttpStatusCode> StatusAsync(Uri uri, params (string Name, string Value)[] headers)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        foreach (var (name, value) in headers)
        {
            socket.Options.SetRequestHeader(name, value);
        }

        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        try
        {
            await socket.ConnectAsync(uri, timeout.Token);
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }

        using var close = new CancellationTokenSource(TestTimeouts.CleanUp);
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, close.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Accepted is all the caller asked; how it ends does not matter.
        }

        return socket.HttpStatusCode;
    }
}
