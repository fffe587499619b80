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
    public const string RequestMethod = "Request";

    public override Task OnConnectedAsync()
    {
        lifecycle.OnConnected(Context);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        lifecycle.OnDisconnected(Context.ConnectionId);
        return Task.CompletedTask;
    }

    /// <summary>Runs one request frame (PROTOCOL.md §4) and returns its response frame. Never throws.</summary>
    public async Task<ResponseFrame> Request(RequestFrame frame)
    {
        if (frame is null)
        {
            return ActionErrors.Frame(default, ErrorCodes.BadRequest, "the frame must be a JSON object");
        }

        var connection = lifecycle.Find(Context.ConnectionId);
        if (connection is null)
        {
            return ActionErrors.Frame(default, ErrorCodes.Unavailable, "the connection is closing");
        }

        var response = await pipeline.ExecuteFrameAsync(frame, connection, Context.ConnectionAborted).ConfigureAwait(false);
        if (response.CloseAfter && !connection.IsRaw)
        {
            lifecycle.CloseHubConnectionSoon(Context);
        }

        return response;
    }
}
