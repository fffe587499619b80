using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SignalRPub.Actions;
using SignalRPub.Cluster;
using SignalRPub.Connections;

namespace SignalRPub.Hubs;

/// <summary>Keeps the registry in step with the hub: a state per connection from connect to disconnect.</summary>
internal sealed partial class ConnectionLifecycle(
    ConnectionRegistry registry,
    DisconnectNotifier notifier,
    SubscriptionManager subscriptions,
    IConnectionDirectory directory,
    GatewayStats stats,
    IOptions<SignalRPubOptions> options,
    TimeProvider time,
    ILogger<ConnectionLifecycle> logger)
{
    private readonly RateLimitsOptions _rateLimits = options.Value.RateLimits;

    public const string EntryQueryParameter = "entry";

    // A SignalR client closes on the close message that follows a disconnect answer; this bounds one that does not.
    private static readonly TimeSpan s_hubCloseGrace = TimeSpan.FromSeconds(2);

    public void OnConnected(HubCallerContext context)
    {
        var guard = context.Features.Get<OutboundGuard>();
        ConnectionState state;
        if (context.Features.Get<RawConnectionFeature>() is { } raw)
        {
            state = new ConnectionState(context.ConnectionId, raw.EntryId, isRaw: true, raw.RemoteIp, raw.Closer, time.GetTimestamp())
            {
                Guard = guard,
                Idle = raw.Idle,
                PushBatch = raw.PushBatch,
                Frames = NewFrameLimiter(),
                ActionGate = ConnectionState.NewActionGate(_rateLimits.MaxQueuedActions),
            };
        }
        else
        {
            var http = context.GetHttpContext();
            var entry = http?.Request.Query[EntryQueryParameter].ToString();
            var closer = new HubConnectionCloser(context);
            if (guard is not null)
            {
                guard.Closer = closer;
            }

            state = new ConnectionState(
                context.ConnectionId,
                string.IsNullOrEmpty(entry) ? null : entry,
                isRaw: false,
                http?.Connection.RemoteIpAddress?.ToString(),
                closer,
                time.GetTimestamp())
            {
                Kind = context.Features.Get<ITransferFormatFeature>()?.ActiveFormat == TransferFormat.Binary ? ConnectionKind.HubMessagePack : ConnectionKind.HubJson,
                Guard = guard,
                Frames = NewFrameLimiter(),
                ActionGate = ConnectionState.NewActionGate(_rateLimits.MaxQueuedActions),
            };
        }

        registry.Add(state);
        directory.Added(state.ConnectionId);
        Log.Connected(logger, state.ConnectionId, state.IsRaw ? "raw" : "hub", state.EntryId);
    }

    public async Task OnDisconnectedAsync(string connectionId)
    {
        var state = registry.Find(connectionId);
        registry.Remove(connectionId);
        if (state is null)
        {
            return;
        }

        // After an action that is applying a change right now: its topics are counted out as they end up.
        await subscriptions.DisconnectedAsync(state).ConfigureAwait(false);
        directory.Removed(connectionId, state.UserId);
        stats.Closed(state);
        Log.Disconnected(logger, connectionId);
        if (state.IsRegistered && !state.IsClosing)
        {
            notifier.Notify(state);
        }
    }

    public ConnectionState? Find(string connectionId) => registry.Find(connectionId);

    private FrameRateLimiter NewFrameLimiter() => new(_rateLimits.FramesPerSecond, _rateLimits.FrameBurst, time);

    public void CloseHubConnectionSoon(HubCallerContext context) =>
        _ = Task.Delay(s_hubCloseGrace, time).ContinueWith(static (_, c) => ((HubCallerContext)c!).Abort(), context, TaskScheduler.Default);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Connection {ConnectionId} ({Kind}) opened on entry {EntryId}.")]
        public static partial void Connected(ILogger logger, string connectionId, string kind, string? entryId);

        [LoggerMessage(2, LogLevel.Debug, "Connection {ConnectionId} closed.")]
        public static partial void Disconnected(ILogger logger, string connectionId);
    }
}
