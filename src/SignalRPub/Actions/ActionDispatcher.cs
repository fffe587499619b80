using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SignalRPub.Cluster;
using SignalRPub.Connections;
using SignalRPub.Protocol;
using SignalRPub.Routing;

namespace SignalRPub.Actions;

/// <summary>
/// Runs an HTTP action on the connection it names, wherever that lives (PROTOCOL.md §5): on this node through the
/// pipeline; on another node by asking it over the cluster bus, where its own pipeline runs the action under the
/// connection's gate, so a frame on the socket and an HTTP action from elsewhere never interleave. A <c>disconnect</c>
/// closes the socket on the node that holds it.
/// </summary>
internal sealed partial class ActionDispatcher
{
    public const string Kind = "action";

    // How long an action from another node may wait its turn behind the connection's others before it is given up.
    private static readonly TimeSpan s_maxTurnWait = TimeSpan.FromSeconds(5);

    // Past the turn and every try of the upstream, what the asking node waits for the answer (the commit, the trips).
    private static readonly TimeSpan s_margin = TimeSpan.FromSeconds(5);

    private static readonly ActionResult s_notFound = ActionResult.Error(ErrorCodes.NotFound, "no such connection");
    private static readonly ActionResult s_unavailable = ActionResult.Error(ErrorCodes.Unavailable, "the connection's node cannot be reached now; try again");

    private readonly ActionPipeline _pipeline;
    private readonly ConnectionRegistry _registry;
    private readonly IConnectionDirectory _directory;
    private readonly IClusterBus _bus;
    private readonly RouteTableProvider _routes;
    private readonly ILogger _logger;

    public ActionDispatcher(ActionPipeline pipeline, ConnectionRegistry registry, IConnectionDirectory directory, IClusterBus bus, RouteTableProvider routes, ILogger<ActionDispatcher> logger)
    {
        _pipeline = pipeline;
        _registry = registry;
        _directory = directory;
        _bus = bus;
        _routes = routes;
        _logger = logger;
        bus.Handle(Kind, HandleRemoteAsync);
    }

    public async Task<ActionResult> ExecuteAsync(string connectionId, ActionRequest request, CancellationToken cancellationToken)
    {
        if (_registry.Find(connectionId) is { } local)
        {
            return await RunAsync(local, request, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var node = await _directory.FindNodeAsync(connectionId, cancellationToken).ConfigureAwait(false);
            if (node is null || node == _bus.NodeId)
            {
                return s_notFound;
            }

            var payload = JsonSerializer.SerializeToUtf8Bytes(RemoteAction.From(connectionId, request, s_maxTurnWait));
            var reply = await _bus.RequestAsync(node, Kind, payload, WaitFor(request), cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize<RemoteActionResult>(reply)!.ToResult();
        }
        catch (Exception ex) when (ex is ClusterUnavailableException or TimeoutException)
        {
            Log.RemoteFailed(_logger, connectionId, ex.Message);
            return s_unavailable;
        }
    }

    private async Task<byte[]> HandleRemoteAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var remote = JsonSerializer.Deserialize<RemoteAction>(payload.Span)!;
        var result = _registry.Find(remote.ConnectionId) is { } connection
            ? await RunAsync(connection, remote.ToRequest(), cancellationToken).ConfigureAwait(false)
            : s_notFound;
        return JsonSerializer.SerializeToUtf8Bytes(RemoteActionResult.From(result));
    }

    private async Task<ActionResult> RunAsync(ConnectionState connection, ActionRequest request, CancellationToken cancellationToken)
    {
        var result = await _pipeline.ExecuteAsync(request, connection, cancellationToken).ConfigureAwait(false);
        if (result.CloseAfter)
        {
            connection.Closer.Close(WebSocketCloseStatus.NormalClosure, "disconnect");
        }

        return result;
    }

    // The owning node gives the action up if its turn does not come within s_maxTurnWait; once it runs, every try of
    // the upstream takes at most the route's timeout (PROTOCOL.md §7). So an answer always comes within this wait.
    private TimeSpan WaitFor(ActionRequest request)
    {
        var upstream = _routes.Current.FindByUri(request.Path)?.Upstream;
        var tries = upstream is null ? 0 : upstream.Retries + 1;
        return s_maxTurnWait + (upstream?.Timeout.Total ?? TimeSpan.Zero) * tries + s_margin;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "An action for connection {ConnectionId} could not reach the connection's node: {Reason}")]
        public static partial void RemoteFailed(ILogger logger, string connectionId, string reason);
    }
}
