using System.Threading.RateLimiting;
using SignalRPub.Internal;

namespace SignalRPub.Connections;

/// <summary>
/// What the gateway knows of one hub connection (raw or SignalR): its entry, registration, user and topic set.
/// Actions on one connection run one at a time through <see cref="ActionGate"/>, with a bounded queue; the topic set
/// is only replaced whole, so readers never see a half-applied change.
/// </summary>
internal sealed class ConnectionState(string connectionId, string? entryId, bool isRaw, string? remoteIp, IConnectionCloser closer, long connectedTimestamp)
{
    private volatile IReadOnlySet<string> _topics = EmptyTopics;
    private ConnectionRegistry? _unregisteredIn;

    public static IReadOnlySet<string> EmptyTopics => TopicSet.Empty;

    public string ConnectionId { get; } = connectionId;

    /// <summary>The id of the entry route the connection came through, or null (a hub connection without <c>entry</c>).</summary>
    public string? EntryId { get; } = entryId;

    public bool IsRaw { get; } = isRaw;

    /// <summary>The transport and protocol; a hub connection's protocol is known once its handshake is done.</summary>
    public ConnectionKind Kind { get; init; } = isRaw ? ConnectionKind.RawJson : ConnectionKind.HubJson;

    public string? RemoteIp { get; } = remoteIp;

    public IConnectionCloser Closer { get; } = closer;

    public DateTimeOffset ConnectedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>When the connection opened, in <see cref="TimeProvider"/> timestamp units.</summary>
    public long ConnectedTimestamp { get; } = connectedTimestamp;

    /// <summary>One action at a time, oldest first; <see cref="RateLimitsOptions.MaxQueuedActions"/> may wait.</summary>
    public ConcurrencyLimiter ActionGate { get; init; } = NewActionGate(new RateLimitsOptions().MaxQueuedActions);

    /// <summary>
    /// Held while the connection's state changes (its groups, topic set and counts) and while it is marked
    /// disconnected, so the two never interleave: a change finishes before the connection is counted out, and none
    /// begins after.
    /// </summary>
    public SemaphoreSlim CommitLock { get; } = new(1, 1);

    /// <summary>The rate of the connection's request frames; null for no limit.</summary>
    public FrameRateLimiter? Frames { get; init; }

    /// <summary>Error lines caused by this connection, few enough that no client can fill a disk.</summary>
    public LogThrottle Log { get; } = new(LogThrottle.PerConnection);

    /// <summary>The guard of the connection's outbound buffer, checked periodically for a stuck send.</summary>
    public OutboundGuard? Guard { get; init; }

    /// <summary>For raw sockets: when the client was last heard from, checked against the idle timeout.</summary>
    public IIdleTracker? Idle { get; init; }

    /// <summary>For raw sockets: the push framing that <c>register</c> sets; null for hub connections.</summary>
    public IPushBatchSwitch? PushBatch { get; init; }

    public bool IsRegistered { get; private set; }

    public string? UserId { get; private set; }

    /// <summary>True once a <c>disconnect</c> was accepted; the connection is on its way out.</summary>
    public bool IsClosing { get; set; }

    /// <summary>
    /// True once the connection is on its way out, whatever the reason (a <c>disconnect</c>, a close by the server,
    /// a tripped outbound guard): nothing more is processed for it.
    /// </summary>
    public bool IsEnded => IsClosing || IsDisconnected || Closer.IsClosed || Guard is { IsTripped: true };

    /// <summary>True once the hub saw the connection end; set under <see cref="CommitLock"/>.</summary>
    public bool IsDisconnected { get; private set; }

    public IReadOnlySet<string> Topics => _topics;

    public void SetTopics(IReadOnlySet<string> topics) => _topics = topics;

    public void MarkDisconnected()
    {
        IsDisconnected = true;
        LeaveUnregistered();
    }

    public void MarkRegistered(string? userId)
    {
        UserId = userId;
        IsRegistered = true;
        LeaveUnregistered();
    }

    /// <summary>Counts the connection among <paramref name="registry"/>'s unregistered ones until it registers or leaves.</summary>
    internal void CountAsUnregistered(ConnectionRegistry registry) => _unregisteredIn = registry;

    /// <summary>Stops counting the connection as unregistered; only the first call (register or removal) counts.</summary>
    internal void LeaveUnregistered() => Interlocked.Exchange(ref _unregisteredIn, null)?.UnregisteredLeft(this);

    public static ConcurrencyLimiter NewActionGate(int maxQueued) => new(new ConcurrencyLimiterOptions
    {
        PermitLimit = 1,
        QueueLimit = maxQueued,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });
}
