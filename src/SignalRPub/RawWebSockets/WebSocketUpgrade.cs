using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SignalRPub.RawWebSockets;

/// <summary>
/// Accepts an HTTP/1.1 WebSocket upgrade itself (RFC 6455 §4.2.2) so that the socket runs over a
/// <see cref="BatchingStream"/>; other requests (HTTP/2 WebSockets) use the framework's accept, whose socket keeps
/// itself alive with the given interval and timeout (the sweeper pings only sockets over a <see cref="BatchingStream"/>).
/// </summary>
internal static class WebSocketUpgrade
{
    public static async Task<(WebSocket Socket, BatchingStream? Stream)> AcceptAsync(HttpContext context, TimeSpan keepAliveInterval, TimeSpan keepAliveTimeout)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var key = context.Request.Headers.SecWebSocketKey.ToString();
        if (upgrade is not { IsUpgradableRequest: true } || key.Length == 0 || context.Request.Headers.SecWebSocketVersion != "13")
        {
            var accepted = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                KeepAliveInterval = keepAliveInterval,
                KeepAliveTimeout = keepAliveTimeout,
            }).ConfigureAwait(false);
            return (accepted, null);
        }

        context.Response.Headers.Connection = "Upgrade";
        context.Response.Headers.Upgrade = "websocket";
        context.Response.Headers.SecWebSocketAccept = ConnectionAnswers.AcceptOf(key);
        var stream = new BatchingStream(await upgrade.UpgradeAsync().ConfigureAwait(false));
        return (CreateSocket(stream), stream);
    }

    /// <summary>
    /// The server side of a socket whose handshake is done, over <paramref name="stream"/>; both ways of accepting use it.
    /// No timer of its own: the node's sweeper pings the socket through the stream and drops it when silent.
    /// </summary>
    public static WebSocket CreateSocket(BatchingStream stream) =>
        WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
        {
            IsServer = true,
            KeepAliveInterval = TimeSpan.Zero,
        });
}
