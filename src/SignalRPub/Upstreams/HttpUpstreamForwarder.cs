using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SignalRPub.Routing;

namespace SignalRPub.Upstreams;

/// <summary>
/// Forwards an action to its route's upstream over HTTP (PROTOCOL.md §7): nodes taken in turn by weight, a
/// node that cannot be reached or answers 502/503/504 retried on the next one, the route's timeout on the
/// whole call.
/// </summary>
internal sealed partial class HttpUpstreamForwarder(IHttpClientFactory clients, ILogger<HttpUpstreamForwarder> logger) : IUpstreamForwarder
{
    public const string ClientName = "SignalRPub.Upstream";

    private readonly ConcurrentDictionary<UpstreamConfig, WeightedRoundRobin> _balancers = new(ReferenceEqualityComparer.Instance);

    public async ValueTask<UpstreamResult> ForwardAsync(UpstreamRequest request, CancellationToken cancellationToken)
    {
        var upstream = request.Route.Upstream ?? throw new ArgumentException("The route has no upstream.", nameof(request));
        var balancer = _balancers.GetOrAdd(upstream, static u => new WeightedRoundRobin(u.Nodes));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(upstream.Timeout.Total);

        UpstreamResult? last = null;
        for (var attempt = 0; attempt <= upstream.Retries; attempt++)
        {
            var node = balancer.Next();
            try
            {
                using var message = CreateMessage(request, upstream, node);
                using var response = await clients.CreateClient(ClientName).SendAsync(message, timeout.Token).ConfigureAwait(false);
                var body = await ReadBodyAsync(response.Content, timeout.Token).ConfigureAwait(false);
                last = UpstreamResult.Answer((int)response.StatusCode, body);
                if (response.StatusCode is not (HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout))
                {
                    return last.Value;
                }
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                Log.TimedOut(logger, node.Authority, request.Route.Id);
                return UpstreamResult.TimedOut;
            }
            catch (HttpRequestException ex)
            {
                Log.Unreachable(logger, node.Authority, request.Route.Id, ex.Message);
            }
        }

        return last ?? UpstreamResult.Unavailable;
    }

    private static HttpRequestMessage CreateMessage(UpstreamRequest request, UpstreamConfig upstream, UpstreamNode node)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, new Uri($"{upstream.Scheme}://{node.Authority}{request.PathAndQuery}"))
        {
            Content = new ReadOnlyMemoryContent(request.Body),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in request.Headers)
        {
            if (!name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        message.Headers.TryAddWithoutValidation("X-Action", request.Action);
        message.Headers.TryAddWithoutValidation("X-Connection-Id", request.ConnectionId);
        if (request.RemoteIp is { } ip)
        {
            message.Headers.TryAddWithoutValidation("X-Forwarded-For", ip);
            message.Headers.TryAddWithoutValidation("X-Real-IP", ip);
        }

        return message;
    }

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
            using var document = JsonDocument.Parse(bytes);
            return bytes;
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToUtf8Bytes(System.Text.Encoding.UTF8.GetString(bytes));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Upstream node {Node} of route {RouteId} did not answer in time.")]
        public static partial void TimedOut(ILogger logger, string node, string routeId);

        [LoggerMessage(2, LogLevel.Warning, "Upstream node {Node} of route {RouteId} could not be reached: {Reason}")]
        public static partial void Unreachable(ILogger logger, string node, string routeId, string reason);
    }
}
