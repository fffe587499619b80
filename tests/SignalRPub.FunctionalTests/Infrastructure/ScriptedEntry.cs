using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>
/// A WebSocket entry of the test's own beside a <see cref="TestGateway"/> (put in with
/// <see cref="TestGatewayOptions.ConfigureApp"/>): it answers the first frame as a successful register, then sends the
/// frames the test wrote, as they are, each as one text message; then it waits for the client to close.
/// </summary>
internal static class ScriptedEntry
{
    public const string Path = "/scripted-entry";

    /// <summary>Serves <see cref="Path"/> on <paramref name="app"/>, sending <paramref name="frames"/> after the register answer.</summary>
    public static void Map(WebApplication app, params string[] frames)
    {
        app.UseWebSockets();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path != Path || !context.WebSockets.IsWebSocketRequest)
            {
                await next(context);
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await RunAsync(socket, frames);
        });
    }

    private static async Task RunAsync(WebSocket socket, string[] frames)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        var buffer = new byte[64 * 1024];
        var register = await socket.ReceiveAsync(buffer, timeout.Token);
        string msgId;
        using (var document = JsonDocument.Parse(buffer.AsMemory(0, register.Count)))
        {
            msgId = document.RootElement.GetProperty("header").GetProperty("msgId").GetRawText();
        }

        await SendAsync(socket, $$$"""{"type":"response","msgId":{{{msgId}}},"status":200,"body":{"connectionId":"scripted","connectionToken":"scripted.token","upstream":null}}""", timeout.Token);
        foreach (var frame in frames)
        {
            await SendAsync(socket, frame, timeout.Token);
        }

        try
        {
            while ((await socket.ReceiveAsync(buffer, timeout.Token)).MessageType != WebSocketMessageType.Close)
            {
            }

            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The client went without closing: nothing more to do.
        }
    }

    private static Task SendAsync(WebSocket socket, string frame, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
}
