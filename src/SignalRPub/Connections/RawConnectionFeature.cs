namespace SignalRPub.Connections;

/// <summary>
/// Marks a hub connection as a raw WebSocket and carries what the hub needs to know of it: its entry, its client's
/// address, and the socket as something that can be closed and that knows when its client was last heard from.
/// </summary>
internal sealed class RawConnectionFeature(string entryId, string? remoteIp, IConnectionCloser closer, IIdleTracker idle)
{
    public string EntryId { get; } = entryId;

    public string? RemoteIp { get; } = remoteIp;

    public IConnectionCloser Closer { get; } = closer;

    public IIdleTracker Idle { get; } = idle;

    /// <summary>Where <c>register</c> turns the connection's batch frames on and off.</summary>
    public IPushBatchSwitch? PushBatch { get; init; }
}
