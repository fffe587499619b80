namespace SignalRPub.Connections;

/// <summary>
/// A connection that knows when it last heard from its client (frames and pongs alike) and can ping it: the node's
/// sweeper keeps every such connection alive and drops the silent ones, so no connection needs a timer of its own.
/// </summary>
internal interface IIdleTracker
{
    /// <summary>How long the client has sent nothing at all.</summary>
    TimeSpan IdleFor { get; }

    /// <summary>How long since the last ping was written to the client (since it connected, before the first).</summary>
    TimeSpan SincePing { get; }

    /// <summary>Writes a ping to the client unless a write is under way or the socket is closing; never waits or throws.</summary>
    void Ping();

    /// <summary>Drops a client that stopped answering: it would not read a close frame either.</summary>
    void AbortIdle();
}
