using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SignalRPub.Cluster;
using SignalRPub.Connections;
using SignalRPub.Diagnostics;
using SignalRPub.Internal;
using SignalRPub.Protocol;

namespace SignalRPub.Security;

/// <summary>
/// Decides, before any socket is accepted, whether a request to a WebSocket endpoint (an entry route, or
/// <c>/hub</c> and its negotiate) may go on: a browser's <c>Origin</c> must be allowed
/// (<see cref="SecurityOptions.AllowedOrigins"/>), and a request that opens a connection must fit its address's
/// upgrade allowance and the node's cap on connections not yet registered, and the node must not be stopping (a
/// connection accepted then would be dropped moments later, or held until the shutdown times out); on a cluster, Redis
/// must be reachable (a connection cannot join its groups without it).
/// </summary>
internal sealed partial class GatewayAdmission : IDisposable
{
    private readonly HashSet<string> _allowedOrigins;
    private readonly AddressRateLimiter _upgrades;
    private readonly ConnectionRegistry _registry;
    private readonly IClusterBus _cluster;
    private readonly int _maxUnregistered;
    private readonly LogThrottle _clusterRefusals;
    private readonly CancellationToken _stopping;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger _logger;

    public GatewayAdmission(
        IOptions<SignalRPubOptions> options,
        ConnectionRegistry registry,
        IClusterBus cluster,
        IHostApplicationLifetime lifetime,
        GatewayMetrics metrics,
        ILogger<GatewayAdmission> logger)
    {
        var value = options.Value;
        _allowedOrigins = new HashSet<string>(value.Security.AllowedOrigins.Select(OriginOf), StringComparer.OrdinalIgnoreCase);
        _upgrades = new AddressRateLimiter(value.RateLimits.UpgradeBurstPerAddress, value.RateLimits.UpgradesPerSecondPerAddress, TimeSpan.FromSeconds(1));
        _registry = registry;
        _cluster = cluster;
        _clusterRefusals = new LogThrottle(TimeSpan.FromSeconds(10));
        _maxUnregistered = value.Limits.MaxUnregisteredConnections;
        _stopping = lifetime.ApplicationStopping;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>
    /// Answers the request itself and returns false when it may not go on; <paramref name="opensConnection"/> is true
    /// for a request that would open a connection (a WebSocket upgrade, a hub negotiation).
    /// </summary>
    public async ValueTask<bool> AdmitAsync(HttpContext context, bool opensConnection)
    {
        var origin = context.Request.Headers.Origin;
        if (Decide(origin.Count > 0 ? origin.ToString() : null, opensConnection, context.Connection.RemoteIpAddress) is not { } refusal)
        {
            return true;
        }

        await HttpAnswers.ErrorAsync(context, refusal.Code, refusal.Message).ConfigureAwait(false);
        return false;
    }

    /// <summary>
    /// The one decision of both ways a connection comes in (an HTTP request, or an upgrade read below HTTP): null when the
    /// request may go on, the refusal otherwise. <paramref name="origin"/> is the <c>Origin</c> header (null when absent);
    /// a request that opens a connection takes one of its address's upgrade tokens when it gets that far.
    /// </summary>
    public AdmissionRefusal? Decide(string? origin, bool opensConnection, IPAddress? remoteAddress)
    {
        if (_allowedOrigins.Count > 0 && origin is not null && !_allowedOrigins.Contains(origin))
        {
            Log.OriginRefused(_logger, origin);
            return new AdmissionRefusal(ErrorCodes.Forbidden, $"origin '{Shorten(origin)}' is not allowed");
        }

        if (!opensConnection)
        {
            return null;
        }

        if (_stopping.IsCancellationRequested)
        {
            return new AdmissionRefusal(ErrorCodes.Unavailable, "the server is shutting down; connect again shortly");
        }

        if (!_upgrades.TryTake(remoteAddress))
        {
            _metrics.RateLimited(MetricTags.LimitUpgrades);
            return new AdmissionRefusal(ErrorCodes.RateLimited, "too many connections opened from this address; try again shortly");
        }

        if (_registry.Unregistered >= _maxUnregistered)
        {
            return new AdmissionRefusal(ErrorCodes.Unavailable, "too many connections are waiting to register; try again shortly");
        }

        if (!_cluster.IsAvailable)
        {
            if (_clusterRefusals.TryEnter(out var suppressed))
            {
                Log.ClusterUnavailable(_logger, suppressed);
            }

            return new AdmissionRefusal(ErrorCodes.Unavailable, "the cluster's Redis cannot be reached; try again shortly");
        }

        return null;
    }

    /// <summary>Runs <paramref name="next"/> (the hub's endpoints) once the request is admitted.</summary>
    public async Task InvokeHubAsync(HttpContext context, RequestDelegate next)
    {
        if (await AdmitAsync(context, OpensHubConnection(context.Request)).ConfigureAwait(false))
        {
            await next(context).ConfigureAwait(false);
        }
    }

    public void Dispose() => _upgrades.Dispose();

    // A negotiation starts a connection; so does a WebSocket request without the id a negotiation hands out
    // (clients that skip negotiation). Later requests of a connection (long polling, sends) carry that id.
    private static bool OpensHubConnection(HttpRequest request) =>
        request.Path.Value?.EndsWith("/negotiate", StringComparison.Ordinal) == true
        || (IsUpgrade(request) && !request.Query.ContainsKey("id"));

    /// <summary>
    /// True for a WebSocket upgrade (HTTP/1.1 <c>Upgrade: websocket</c>, or an HTTP/2 extended CONNECT), read from the
    /// request itself: admission runs before the WebSocket middleware has looked at it.
    /// </summary>
    public static bool IsUpgrade(HttpRequest request) =>
        request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase)
        || request.HttpContext.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true;

    /// <summary>An origin as browsers send it: <c>scheme://host[:port]</c>, no trailing slash.</summary>
    internal static string OriginOf(string configured) => configured.Trim().TrimEnd('/');

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "A WebSocket request from origin {Origin} was refused.")]
        public static partial void OriginRefused(ILogger logger, string origin);

        [LoggerMessage(2, LogLevel.Warning, "New connections are refused with 503 while Redis cannot be reached ({Suppressed} more since the last message).")]
        public static partial void ClusterUnavailable(ILogger logger, int suppressed);
    }
}
