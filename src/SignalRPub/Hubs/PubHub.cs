using Microsoft.AspNetCore.SignalR;
using SignalRPub.Actions;
using SignalRPub.Connections;
using SignalRPub.Protocol;

namespace SignalRPub.Hubs;

/// <summary>
/// The hub every client talks to, raw WebSocket clients through the adapter included. Topics are groups;
/// pushes arrive on the client method <c>push</c>. An application that hosts the gateway uses this type only as the
/// type argument of <see cref="IHubContext{THub}"/>, to push from its own code (docs/protocol.md §8).
/// </summary>
public sealed class PubHub : Hub
{
    private readonly ActionPipeline _pipeline;
    private readonly ConnectionLifecycle _lifecycle;

    // Internal: SignalR gets its hubs from the service registration AddSignalRPub makes.
    internal PubHub(ActionPipeline pipeline, ConnectionLifecycle lifecycle)
    {
        _pipeline = pipeline;
        _lifecycle = lifecycle;
    }

    /// <inheritdoc />
    public override Task OnConnectedAsync()
    {
        _lifecycle.OnConnected(Context);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDisconnectedAsync(Exception? exception) => _lifecycle.OnDisconnectedAsync(Context.ConnectionId);

    /// <summary>
    /// The hub method <c>Request</c>: runs one request frame (docs/protocol.md §4) and returns its response frame.
    /// Never throws. Called by clients, not by application code.
    /// </summary>
    public async Task<ResponseFrame> Request(RequestFrame frame)
    {
        if (frame is null)
        {
            return ToFrame(new FrameAnswer(default, ActionResult.Error(ErrorCodes.BadRequest, "the frame must be a JSON object")));
        }

        var connection = _lifecycle.Find(Context.ConnectionId);
        if (connection is null)
        {
            return ToFrame(new FrameAnswer(default, ActionResult.Closing));
        }

        var answer = await _pipeline.ExecuteFrameAsync(frame, connection, Context.ConnectionAborted).ConfigureAwait(false);
        if (answer.CloseAfter && !connection.IsRaw)
        {
            _lifecycle.CloseHubConnectionSoon(Context);
        }

        return ToFrame(answer);
    }

    private static ResponseFrame ToFrame(FrameAnswer answer) => new(answer.MsgId, answer.Status, answer.Body) { CloseAfter = answer.CloseAfter };
}
