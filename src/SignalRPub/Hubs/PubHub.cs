using Microsoft.AspNetCore.SignalR;
using SignalRPub.Actions;
using SignalRPub.Connections;
using SignalRPub.Protocol;

namespace SignalRPub.Hubs;

/// <summary>
/// The hub every client talks to, raw WebSocket clients through the adapter included. Topics are groups;
/// pushes arrive on the client method <c>push</c>.
/// </summary>
internal sealed class PubHub(ActionPipeline pipeline, ConnectionLifecycle lifecycle) : Hub
{
    public override Task OnConnectedAsync()
    {
        lifecycle.OnConnected(Context);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception) => lifecycle.OnDisconnectedAsync(Context.ConnectionId);

    /// <summary>Runs one request frame (PROTOCOL.md §4) and returns its response frame. Never throws.</summary>
    public async Task<ResponseFrame> Request(RequestFrame frame)
    {
        if (frame is null)
        {
            return ToFrame(new FrameAnswer(default, ActionResult.Error(ErrorCodes.BadRequest, "the frame must be a JSON object")));
        }

        var connection = lifecycle.Find(Context.ConnectionId);
        if (connection is null)
        {
            return ToFrame(new FrameAnswer(default, ActionResult.Closing));
        }

        var answer = await pipeline.ExecuteFrameAsync(frame, connection, Context.ConnectionAborted).ConfigureAwait(false);
        if (answer.CloseAfter && !connection.IsRaw)
        {
            lifecycle.CloseHubConnectionSoon(Context);
        }

        return ToFrame(answer);
    }

    private static ResponseFrame ToFrame(FrameAnswer answer) => new(answer.MsgId, answer.Status, answer.Body) { CloseAfter = answer.CloseAfter };
}
