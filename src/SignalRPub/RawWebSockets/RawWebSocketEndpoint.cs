using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Connections;
using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SignalRPub.Connections;
using SignalRPub.Hubs;
using SignalRPub.Internal;
using SignalRPub.Protocol;
using SignalRPub.Routing;
using SignalRPub.Security;

namespace SignalRPub.RawWebSockets;

/// <summary>Accepts plain WebSockets on entry routes and runs each as a hub connection.</summary>
internal sealed partial class RawWebSocketEndpoint
{
    public const string ShutdownReason = "server shutting down";

    private readonly ConnectionDelegate _hub;
    private readonly GatewayAdmission _admission;

    // Many clients can stall at once (a network outage on their side): one line a second says so.
    private readonly LogThrottle _slowConsumerLog = new(TimeSpan.FromSeconds(1));

    // A hub connection can fail on start for a reason every new socket meets (Redis lost after admission): one line a second.
    private readonly LogThrottle _hubFailureLog = new(TimeSpan.FromSeconds(1));
    private readonly LimitsOptions _limits;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly GatewayStats _stats;
    private readonly FrameBufferPool _buffers;
    private readonly CancellationToken _stopping;

    // One delegate for every connection's guard, not a closure each.
    private readonly Action<OutboundGuard> _slowConsumer;

    // Every raw socket from its upgrade on: shutdown must close those not yet known to the hub as well.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<RawSocketConnection, byte> _open = new();

    public RawWebSocketEndpoint(
        IServiceProvider services,
        IOptions<SignalRPubOptions> options,
        GatewayAdmission admission,
        GatewayStats stats,
        FrameBufferPool buffers,
        IHostApplicationLifetime lifetime,
        TimeProvider time,
        ILogger<RawWebSocketEndpoint> logger)
    {
        _admission = admission;
        _hub = new ConnectionBuilder(services).UseHub<PubHub>().Build();
        _limits = options.Value.Limits;
        _time = time;
        _logger = logger;
        _stats = stats;
        _buffers = buffers;
        _slowConsumer = SlowConsumer;
        _stopping = lifetime.ApplicationStopping;
        _stopping.Register(static state => ((RawWebSocketEndpoint)state!).CloseAll(), this);
    }

    public async Task HandleAsync(HttpContext context, RouteConfig entry)
    {
        if (!await _admission.AdmitAsync(context, GatewayAdmission.IsUpgrade(context.Request)).ConfigureAwait(false))
        {
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            await HttpAnswers.ErrorAsync(context, ErrorCodes.UpgradeRequired, $"'{entry.Uri}' is a WebSocket entry: open a WebSocket").ConfigureAwait(false);
            return;
        }

        var (socket, stream) = await WebSocketUpgrade.AcceptAsync(context, KeepAliveInterval, KeepAliveTimeout).ConfigureAwait(false);
        using var disposeSocket = socket;
        var connection = NewConnection(socket, stream, entry, context.Connection.RemoteIpAddress?.ToString(), out var connectionId, out var feature);
        Open(connection);
        try
        {
            await connection.RunAsync(context, connectionId, feature, _hub).ConfigureAwait(false);
        }
        finally
        {
            _open.TryRemove(connection, out _);
        }
    }

    /// <summary>
    /// Runs a socket of entry <paramref name="entry"/> accepted below HTTP (<see cref="UpgradeConnectionMiddleware"/>) on
    /// <paramref name="transport"/>, whose handshake answer is already written.
    /// </summary>
    public async Task RunAsync(ConnectionContext transport, RouteConfig entry)
    {
        var stream = new BatchingStream(new TransportStream(transport.Transport));
        using var socket = WebSocketUpgrade.CreateSocket(stream);
        var remoteIp = (transport.RemoteEndPoint as IPEndPoint)?.Address.ToString();
        var connection = NewConnection(socket, stream, entry, remoteIp, out var connectionId, out var feature);
        Open(connection);
        try
        {
            await connection.RunAsync(transport, connectionId, feature, _hub).ConfigureAwait(false);
        }
        finally
        {
            _open.TryRemove(connection, out _);
        }
    }

    private TimeSpan KeepAliveInterval => TimeSpan.FromSeconds(_limits.KeepAliveSeconds);

    private TimeSpan KeepAliveTimeout => TimeSpan.FromSeconds(_limits.IdleTimeoutSeconds - _limits.KeepAliveSeconds);

    private RawSocketConnection NewConnection(WebSocket socket, BatchingStream? stream, RouteConfig entry, string? remoteIp, out string connectionId, out RawConnectionFeature feature)
    {
        connectionId = NewConnectionId();
        var guard = new OutboundGuard(_limits.MaxPendingBytes, TimeSpan.FromSeconds(_limits.SlowConsumerSeconds), _time, _slowConsumer) { ConnectionId = connectionId };
        var connection = new RawSocketConnection(socket, stream, _limits.MaxFrameBytes, guard, _buffers, _hubFailureLog, _logger)
        {
            MaxPushBatchBytes = _limits.MaxPushBatchBytes,
        };
        feature = new RawConnectionFeature(entry.Id, remoteIp, connection, connection) { PushBatch = connection };
        return connection;
    }

    // Known from here on to the shutdown, which closes it at once if it has begun already.
    private void Open(RawSocketConnection connection)
    {
        _open.TryAdd(connection, 0);
        if (_stopping.IsCancellationRequested)
        {
            connection.Close(WebSocketCloseStatus.EndpointUnavailable, ShutdownReason);
        }
    }

    private void SlowConsumer(OutboundGuard guard)
    {
        _stats.SlowConsumer(raw: true);
        if (_slowConsumerLog.TryEnter(out var suppressed))
        {
            Log.SlowConsumer(_logger, guard.ConnectionId, guard.PendingBytes, suppressed);
        }
    }

    private void CloseAll()
    {
        foreach (var connection in _open.Keys)
        {
            connection.Close(WebSocketCloseStatus.EndpointUnavailable, ShutdownReason);
        }
    }

    private static string NewConnectionId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Connection {ConnectionId} closed as a slow consumer with {PendingBytes} bytes waiting ({Suppressed} more since the last such line).")]
        public static partial void SlowConsumer(ILogger logger, string connectionId, long pendingBytes, int suppressed);
    }
}
