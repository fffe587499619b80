using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SignalRPub.Connections;
using SignalRPub.Diagnostics;
using SignalRPub.Internal;
using SignalRPub.Protocol;
using SignalRPub.Routing;
using SignalRPub.Security;
using SignalRPub.Upstreams;

namespace SignalRPub.Actions;

/// <summary>
/// The one path of every action, whatever the entrance (raw frame, hub <c>Request</c>, HTTP POST): find the
/// route, check it, ask the upstream, apply the change, answer. Nothing changes unless the upstream agreed.
/// </summary>
internal sealed partial class ActionPipeline(
    RouteTableProvider routes,
    IUpstreamForwarder forwarder,
    SubscriptionManager subscriptions,
    ConnectionTokens tokens,
    GatewayMetrics metrics,
    IOptions<SignalRPubOptions> options,
    ILogger<ActionPipeline> logger)
{
    /// <summary>The close reason of a connection that keeps sending frames well past its rate.</summary>
    public const string FloodingReason = "rate limit exceeded";

    private static readonly ActionResult TurnTimedOut = ActionResult.Error(ErrorCodes.Unavailable, "the action waited too long behind the connection's others and was not run; try again");
    private static readonly ActionResult Unavailable = ActionResult.Error(ErrorCodes.Unavailable, "the subscriptions could not be changed now (the cluster's backplane did not answer); nothing changed, try again");

    private readonly LimitsOptions _limits = options.Value.Limits;

    // While the backplane is down every action fails this way: one line every ten seconds says so.
    private readonly LogThrottle _groupFailureLog = new(TimeSpan.FromSeconds(10));
    private readonly RateLimitsOptions _rateLimits = options.Value.RateLimits;

    /// <summary>
    /// Runs a request frame from the connection's own socket: counts it against the connection's frame rate, parses
    /// it, then <see cref="ExecuteAsync(ActionRequest, ConnectionState, CancellationToken)"/>. Never throws.
    /// </summary>
    public async Task<FrameAnswer> ExecuteFrameAsync(RequestFrame frame, ConnectionState connection, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> msgId = default;
        try
        {
            // Frames the client had queued before its connection began to end are not run (nor answered, in effect:
            // a connection closed as a slow consumer drops what is still written to it).
            if (connection.IsEnded)
            {
                return Unrun(connection, new FrameAnswer(msgId, ActionResult.Closing));
            }

            var verdict = connection.Frames?.Take() ?? FrameVerdict.Accepted;
            if (frame.Error is { } frameError)
            {
                return Unrun(connection, new FrameAnswer(msgId, ActionResult.Error(ErrorCodes.InvalidJson, $"the frame is not valid JSON: {frameError}")));
            }

            var request = FrameParser.Parse(frame.Utf8Json, out var error);
            msgId = request?.MsgId ?? error!.MsgId;
            if (verdict != FrameVerdict.Accepted)
            {
                return Unrun(connection, new FrameAnswer(msgId, RateLimited(connection, verdict)));
            }

            return request is null ? Unrun(connection, error!) : new FrameAnswer(msgId, await ExecuteAsync(request, connection, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            LogFailure(connection, "(frame)", ex);
            return Unrun(connection, new FrameAnswer(msgId, ActionResult.Internal));
        }
    }

    /// <summary>
    /// Runs one action as a span of the <c>SignalRPub</c> source (its upstream attempts are HttpClient's child spans,
    /// which carry the trace to the upstream) and counts its answer. Never throws.
    /// </summary>
    public async Task<ActionResult> ExecuteAsync(ActionRequest request, ConnectionState connection, CancellationToken cancellationToken)
    {
        var route = routes.Current.FindByUri(request.Path);
        var action = route is { IsEntry: false } ? ActionNames.Of(route.Action) : MetricTags.UnknownAction;
        var transport = request.IsHttp ? MetricTags.Http : TransportOf(connection);
        using var activity = GatewayActivities.StartAction(action, route?.Id, transport, connection.ConnectionId);
        var result = await ExecuteGuardedAsync(request, connection, cancellationToken).ConfigureAwait(false);
        GatewayActivities.Answered(activity, result.Status);
        metrics.ActionAnswered(action, result.Status, transport);
        return result;
    }

    // A frame answered before it became an action: counted with no action to its name.
    private FrameAnswer Unrun(ConnectionState connection, FrameAnswer answer)
    {
        metrics.ActionAnswered(MetricTags.UnknownAction, answer.Result.Status, TransportOf(connection));
        return answer;
    }

    private static string TransportOf(ConnectionState connection) => connection.IsRaw ? MetricTags.Raw : MetricTags.Hub;

    private async Task<ActionResult> ExecuteGuardedAsync(ActionRequest request, ConnectionState connection, CancellationToken cancellationToken)
    {
        try
        {
            return await ExecuteCoreAsync(request, connection, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ActionResult.Closing;
        }
        catch (GroupChangeFailedException ex)
        {
            // The backplane refused the change and it was undone: nothing changed, and the client may try again.
            if (_groupFailureLog.TryEnter(out var suppressed))
            {
                Log.GroupChangeFailed(logger, request.Path, connection.ConnectionId, ex.InnerException?.Message ?? ex.Message, suppressed);
            }

            return Unavailable;
        }
        catch (Exception ex)
        {
            LogFailure(connection, request.Path, ex);
            return ActionResult.Internal;
        }
    }

    private ActionResult RateLimited(ConnectionState connection, FrameVerdict verdict)
    {
        if (verdict == FrameVerdict.Flooding)
        {
            Log.Flooding(logger, connection.ConnectionId);
            connection.Closer.Close(WebSocketCloseStatus.PolicyViolation, FloodingReason);
        }

        metrics.RateLimited(MetricTags.LimitFrames);

        return ActionResult.Error(ErrorCodes.RateLimited, $"more than {_rateLimits.FramesPerSecond} frames per second; this frame was not run");
    }

    // A bug, not bad input (input is checked where it enters); still, no client may make the log grow without bound.
    private void LogFailure(ConnectionState connection, string path, Exception exception)
    {
        if (connection.Log.TryEnter(out var suppressed))
        {
            Log.ActionFailed(logger, path, connection.ConnectionId, suppressed, exception);
        }
    }

    private async Task<ActionResult> ExecuteCoreAsync(ActionRequest request, ConnectionState connection, CancellationToken cancellationToken)
    {
        var route = routes.Current.FindByUri(request.Path);
        if (route is null || route.IsEntry || !RouteTable.Serves(route, connection.EntryId))
        {
            return ActionResult.Error(ErrorCodes.NotFound, $"no action route for '{request.Path}'");
        }

        if (!string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return ActionResult.Error(ErrorCodes.MethodNotAllowed, $"method {request.Method} is not allowed; actions use POST");
        }

        if (route.Action == RouteAction.Register && request.IsHttp)
        {
            return ActionResult.Error(ErrorCodes.UpgradeRequired, "register is the WebSocket handshake: send it as a frame on the socket");
        }

        if (route.Action != RouteAction.Register && !connection.IsRegistered)
        {
            return ActionResult.Error(ErrorCodes.NotRegistered, "register the connection first");
        }

        List<string>? requested = null;
        if (IsSubscription(route.Action) && !TryReadTopics(request.Body, out requested, out var topicsError))
        {
            return topicsError;
        }

        // Headers that cannot be sent are the request's fault: refused before any node is asked (or counted against).
        IReadOnlyList<KeyValuePair<string, string>>? forwardedHeaders = null;
        if (route.Upstream is not null && (forwardedHeaders = ForwardedHeaders.Select(request.Headers, out var headerError)) is null)
        {
            return ActionResult.Error(ErrorCodes.BadRequest, headerError!);
        }

        using var turn = await TakeTurnAsync(connection, request.MaxTurnWait, cancellationToken).ConfigureAwait(false);
        if (turn is null)
        {
            return TurnTimedOut;
        }

        if (!turn.IsAcquired)
        {
            metrics.RateLimited(MetricTags.LimitQueuedActions);
            return ActionResult.Error(ErrorCodes.RateLimited, $"more than {_rateLimits.MaxQueuedActions} actions are waiting for this connection");
        }

        if (connection.IsEnded)
        {
            return ActionResult.Closing;
        }

        ReadOnlyMemory<byte> upstreamBody = default;
        if (route.Upstream is not null)
        {
            var result = await forwarder.ForwardAsync(ToUpstream(request, route, connection, forwardedHeaders!), cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                return Rejected(result);
            }

            upstreamBody = result.Body;
        }

        return route.Action switch
        {
            RouteAction.Register => await RegisterAsync(connection, request, upstreamBody).ConfigureAwait(false),
            RouteAction.Disconnect => Disconnect(connection, upstreamBody),
            _ => await SubscribeAsync(connection, route.Action, requested!, upstreamBody).ConfigureAwait(false),
        };
    }

    // Null when maxWait passed first (the caller's own token still ends the wait as cancellation).
    private static async Task<RateLimitLease?> TakeTurnAsync(ConnectionState connection, TimeSpan? maxWait, CancellationToken cancellationToken)
    {
        if (maxWait is not { } limit)
        {
            return await connection.ActionGate.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(limit);
        try
        {
            return await connection.ActionGate.AcquireAsync(1, wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static bool IsSubscription(RouteAction action) => action is RouteAction.SubAdd or RouteAction.SubPut or RouteAction.SubDelete;

    private bool TryReadTopics(ReadOnlyMemory<byte> body, out List<string>? topics, out ActionResult error)
    {
        using var document = JsonDocument.Parse(body);
        topics = TopicList.Read(document.RootElement, _limits.MaxTopicsPerRequest, out var code, out var message);
        error = topics is null ? ActionResult.Error(code!, message!) : default;
        return topics is not null;
    }

    private static UpstreamRequest ToUpstream(ActionRequest request, RouteConfig route, ConnectionState connection, IReadOnlyList<KeyValuePair<string, string>> headers) => new(
        route,
        ActionNames.Of(route.Action),
        connection.ConnectionId,
        route.Uri + request.Query,
        headers,
        request.Body,
        request.RemoteIp ?? connection.RemoteIp);

    private static ActionResult Rejected(UpstreamResult result) => result.Outcome switch
    {
        UpstreamOutcome.Unavailable => ActionResult.Error(ErrorCodes.UpstreamUnavailable, "no upstream node could be reached"),
        UpstreamOutcome.TimedOut => ActionResult.Error(ErrorCodes.UpstreamTimeout, "the upstream did not answer in time"),
        UpstreamOutcome.Refused => ActionResult.Error(ErrorCodes.BadRequest, "the request cannot be sent to the upstream as it is"),
        _ => new ActionResult(result.Status, ErrorBody.Write(ErrorCodes.UpstreamRejected, $"the upstream answered {result.Status}", result.Body)),
    };

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Action {Path} on connection {ConnectionId} failed ({Suppressed} more such lines were held back).")]
        public static partial void ActionFailed(ILogger logger, string path, string connectionId, int suppressed, Exception exception);

        [LoggerMessage(3, LogLevel.Warning, "Action {Path} on connection {ConnectionId} could not change its groups and changed nothing: {Reason} ({Suppressed} more such failures since the last such line)")]
        public static partial void GroupChangeFailed(ILogger logger, string path, string connectionId, string reason, int suppressed);

        [LoggerMessage(2, LogLevel.Debug, "Connection {ConnectionId} kept sending frames past its rate; closed.")]
        public static partial void Flooding(ILogger logger, string connectionId);
    }
}
