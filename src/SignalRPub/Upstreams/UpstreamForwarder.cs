using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using SignalRPub.Routing;

namespace SignalRPub.Upstreams;

/// <summary>
/// Forwards an action to its route's upstream (PROTOCOL.md §7) through the Refit client: the balancing policy
/// picks a node among the healthy ones not yet tried; a node that cannot be reached, times out or answers
/// 502/503/504 is retried on the next (Polly retry, up to <c>retries</c>) and counted against its health.
/// </summary>
internal sealed partial class UpstreamForwarder(
    UpstreamClients clients,
    IEnumerable<ILoadBalancingPolicy> policies,
    IOptions<SignalRPubOptions> options,
    TimeProvider time,
    ILogger<UpstreamForwarder> logger) : IUpstreamForwarder
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    private readonly Dictionary<string, ILoadBalancingPolicy> _policies = policies.ToDictionary(p => p.Name, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, UpstreamState> _states = new(StringComparer.Ordinal);
    private readonly UpstreamsOptions _options = options.Value.Upstreams;
    private readonly UpstreamClients _clients = clients;
    private readonly TimeProvider _time = time;

    public async ValueTask<UpstreamResult> ForwardAsync(UpstreamRequest request, CancellationToken cancellationToken)
    {
        var state = StateOf(request.Route.Upstream ?? throw new ArgumentException("The route has no upstream.", nameof(request)));
        var call = new Call(this, state, request);
        var outcome = await state.Retry.ExecuteAsync(static (c, token) => c.Forwarder.AttemptAsync(c, token), call, cancellationToken).ConfigureAwait(false);
        return outcome.Result;
    }

    /// <summary>The state of an upstream, kept while an upstream with the same value is in use.</summary>
    internal UpstreamState StateOf(UpstreamConfig upstream) =>
        _states.GetOrAdd(upstream.Key, static (_, a) => new UpstreamState(a.upstream, a.self.PolicyOf(a.upstream), a.self._clients.For(a.upstream), a.self._options, a.self._time), (upstream, self: this));

    private ILoadBalancingPolicy PolicyOf(UpstreamConfig upstream) =>
        _policies.TryGetValue(upstream.Type, out var policy) ? policy : throw new InvalidOperationException($"No balancing policy named '{upstream.Type}'.");

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
            var body = await ReadBodyAsync(response.Content, attempt.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            call.Last = UpstreamResult.Answer(status, body);
            if (response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
            {
                state.Health[index].Failed();
                Log.NodeFailed(logger, node.Authority, call.Request.Route.Id, $"answered {status}");
                return new AttemptResult(call.Last, IsRetryable: true);
            }

            state.Health[index].Succeeded();
            return new AttemptResult(call.Last, IsRetryable: false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsCancellation(ex))
        {
            state.Health[index].Failed();
            Log.NodeFailed(logger, node.Authority, call.Request.Route.Id, "timed out");
            call.Last = UpstreamResult.TimedOut;
            return new AttemptResult(call.Last, IsRetryable: true);
        }
        catch (Exception ex) when (ex is HttpRequestException or Refit.ApiRequestException)
        {
            state.Health[index].Failed();
            Log.NodeFailed(logger, node.Authority, call.Request.Route.Id, (ex.InnerException ?? ex).Message);
            call.Last = UpstreamResult.Unavailable;
            return new AttemptResult(call.Last, IsRetryable: true);
        }
    }

    // Refit wraps what HttpClient throws (HttpRequestException, OperationCanceledException) in ApiRequestException.
    private static bool IsCancellation(Exception ex) => ex is OperationCanceledException || ex.InnerException is OperationCanceledException;

    /// <summary>The request's headers, but <c>Content-Type</c>, and the gateway's own (§7).</summary>
    private static Dictionary<string, string> Headers(UpstreamRequest request)
    {
        var headers = new Dictionary<string, string>(request.Headers.Count + 4, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.Headers)
        {
            if (!name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) && IsHeaderName(name))
            {
                headers[name] = value;
            }
        }

        headers["X-Action"] = request.Action;
        headers["X-Connection-Id"] = request.ConnectionId;
        if (request.RemoteIp is { } ip)
        {
            headers["X-Forwarded-For"] = ip;
            headers["X-Real-IP"] = ip;
        }

        return headers;
    }

    private static bool IsHeaderName(string name) =>
        name.Length > 0 && name.All(c => c is > ' ' and < (char)127 and not (':' or '(' or ')' or ',' or '/' or ';' or '<' or '=' or '>' or '?' or '@' or '[' or '\\' or ']' or '{' or '}' or '"'));

    /// <summary>The answer as JSON: empty when there is none, a JSON string when it is not JSON.</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var bytes = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        try
        {
            var reader = new Utf8JsonReader(bytes);
            if (reader.Read() && reader.TrySkip() && !reader.Read())
            {
                return bytes;
            }
        }
        catch (JsonException)
        {
        }

        return JsonSerializer.SerializeToUtf8Bytes(Encoding.UTF8.GetString(bytes));
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
        [LoggerMessage(1, LogLevel.Warning, "Upstream node {Node} of route {RouteId} failed: {Reason}")]
        public static partial void NodeFailed(ILogger logger, string node, string routeId, string reason);
    }
}
