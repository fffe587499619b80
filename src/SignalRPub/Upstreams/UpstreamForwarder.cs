using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using SignalRPub.Diagnostics;

namespace SignalRPub.Upstreams;

/// <summary>
/// Forwards an action to its route's upstream (PROTOCOL.md §7) through the Refit client: the balancing policy
/// picks a node among the healthy ones not yet tried; a node that cannot be reached, times out, answers
/// 502/503/504 or answers more than <c>MaxResponseBytes</c> is retried on the next (Polly retry, up to
/// <c>retries</c>) and counted against its health. A request that cannot be sent as the client made it is
/// refused without blaming any node.
/// </summary>
internal sealed partial class UpstreamForwarder(
    UpstreamStates states,
    GatewayMetrics metrics,
    IOptions<SignalRPubOptions> options,
    ILogger<UpstreamForwarder> logger) : IUpstreamForwarder
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    private readonly int _maxResponseBytes = options.Value.Upstreams.MaxResponseBytes;

    public async ValueTask<UpstreamResult> ForwardAsync(UpstreamRequest request, CancellationToken cancellationToken)
    {
        using var lease = states.Acquire(request.Route.Upstream ?? throw new ArgumentException("The route has no upstream.", nameof(request)));
        var call = new Call(this, lease.State, request);
        var outcome = await lease.State.Retry.ExecuteAsync(static (c, token) => c.Forwarder.AttemptAsync(c, token), call, cancellationToken).ConfigureAwait(false);
        return outcome.Result;
    }

    private async ValueTask<AttemptResult> AttemptAsync(Call call, CancellationToken cancellationToken)
    {
        var state = call.State;
        var index = state.Balancer.Pick(call.Request.ConnectionId, i => !call.Tried[i] && state.Health[i].IsHealthy);
        if (index < 0)
        {
            // Every untried node is resting: try one anyway rather than fail without asking.
            index = state.Balancer.Pick(call.Request.ConnectionId, i => !call.Tried[i]);
        }

        if (index < 0)
        {
            return new AttemptResult(call.Last, IsRetryable: false);
        }

        call.Tried[index] = true;
        var started = Stopwatch.GetTimestamp();
        string? outcome = null;
        try
        {
            var result = await SendAsync(call, index, cancellationToken).ConfigureAwait(false);
            outcome = OutcomeOf(result);
            return result;
        }
        finally
        {
            // An attempt left by an exception was given up by its caller (or failed in a way not foreseen).
            outcome ??= cancellationToken.IsCancellationRequested ? MetricTags.OutcomeCanceled : MetricTags.OutcomeUnavailable;
            metrics.UpstreamAttempted(call.Request.Route.Id, state.Config.Nodes[index].Authority, outcome, Stopwatch.GetElapsedTime(started));
        }
    }

    private static string OutcomeOf(AttemptResult attempt) => attempt.Result switch
    {
        { Outcome: UpstreamOutcome.TimedOut } => MetricTags.OutcomeTimeout,
        { Outcome: UpstreamOutcome.Refused } => MetricTags.OutcomeRefused,
        { IsSuccess: true } => MetricTags.OutcomeSuccess,
        _ when attempt.IsRetryable || attempt.Result.Outcome == UpstreamOutcome.Unavailable => MetricTags.OutcomeUnavailable,
        _ => MetricTags.OutcomeRejected,
    };

    private async ValueTask<AttemptResult> SendAsync(Call call, int index, CancellationToken cancellationToken)
    {
        var state = call.State;
        var node = state.Config.Nodes[index];
        var timeout = state.Config.Timeout;
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // One attempt has connect + send + read in all; connecting alone is also bounded by the handler.
        attempt.CancelAfter(TimeSpan.FromSeconds(timeout.Connect + timeout.Send + timeout.Read));
        try
        {
            using var content = new ReadOnlyMemoryContent(call.Request.Body);
            content.Headers.ContentType = s_json;
            var target = new Uri($"{state.Config.Scheme}://{node.Authority}{call.Request.PathAndQuery}");
            using var response = await state.Api.ForwardAsync(content, Headers(call.Request), target, attempt.Token).ConfigureAwait(false);
            var body = await UpstreamAnswer.ReadAsync(response.Content, _maxResponseBytes, attempt.Token).ConfigureAwait(false);
            if (body is null)
            {
                return Failed(call, index, $"answered more than {_maxResponseBytes} bytes (SignalRPub:Upstreams:MaxResponseBytes)", UpstreamResult.Unavailable);
            }

            var status = (int)response.StatusCode;
            call.Last = UpstreamResult.Answer(status, UpstreamAnswer.AsJson(body));
            if (response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
            {
                return Failed(call, index, $"answered {status}", call.Last);
            }

            state.Health[index].Succeeded();
            return new AttemptResult(call.Last, IsRetryable: false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && Unwrap(ex) is OperationCanceledException)
        {
            return Failed(call, index, "timed out", UpstreamResult.TimedOut);
        }
        catch (Exception ex) when (Unwrap(ex) is HttpRequestException or IOException or SocketException)
        {
            return Failed(call, index, Unwrap(ex).Message, UpstreamResult.Unavailable);
        }
        catch (Exception ex) when (Unwrap(ex) is UriFormatException or FormatException or ArgumentException)
        {
            // The request itself cannot be made (its URI or a header): no node is to blame, and none would take it.
            Log.RequestRefused(logger, call.Request.Route.Id, Unwrap(ex).Message);
            call.Last = UpstreamResult.Refused;
            return new AttemptResult(call.Last, IsRetryable: false);
        }
    }

    private AttemptResult Failed(Call call, int index, string reason, UpstreamResult result)
    {
        var health = call.State.Health[index];
        health.Failed();
        if (health.FailureLog.TryEnter(out var suppressed))
        {
            Log.NodeFailed(logger, call.State.Config.Nodes[index].Authority, call.Request.Route.Id, reason, suppressed);
        }

        call.Last = result;
        return new AttemptResult(result, IsRetryable: true);
    }

    // Refit wraps what HttpClient throws (HttpRequestException, OperationCanceledException) in ApiRequestException.
    private static Exception Unwrap(Exception ex) => ex is Refit.ApiRequestException { InnerException: { } inner } ? inner : ex;

    /// <summary>The request's headers (already through <see cref="ForwardedHeaders"/>), and the gateway's own (§7).</summary>
    private static Dictionary<string, string> Headers(UpstreamRequest request)
    {
        var headers = new Dictionary<string, string>(request.Headers.Count + 4, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.Headers)
        {
            headers[name] = value;
        }

        headers[ForwardedHeaders.Action] = request.Action;
        headers[ForwardedHeaders.ConnectionId] = request.ConnectionId;
        if (request.RemoteIp is { } ip)
        {
            headers[ForwardedHeaders.ForwardedFor] = ip;
            headers[ForwardedHeaders.RealIp] = ip;
        }

        return headers;
    }

    private sealed class Call(UpstreamForwarder forwarder, UpstreamState state, UpstreamRequest request)
    {
        public UpstreamForwarder Forwarder { get; } = forwarder;

        public UpstreamState State { get; } = state;

        public UpstreamRequest Request { get; } = request;

        public bool[] Tried { get; } = new bool[state.Config.Nodes.Count];

        public UpstreamResult Last { get; set; } = UpstreamResult.Unavailable;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Upstream node {Node} of route {RouteId} failed: {Reason} ({Suppressed} more failures of this node since the last such line)")]
        public static partial void NodeFailed(ILogger logger, string node, string routeId, string reason, int suppressed);

        [LoggerMessage(2, LogLevel.Debug, "A request for route {RouteId} could not be sent as the client made it: {Reason}")]
        public static partial void RequestRefused(ILogger logger, string routeId, string reason);
    }
}
