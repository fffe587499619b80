namespace SignalRPub.Connections;

/// <summary>A connection that knows when it last heard from its client (frames and pongs alike).</summary>
internal interface IIdleTracker
{
    /// <summary>How long the client has sent nothing at all.</summary>
    TimeSpan IdleFor { get; }

    /// <summary>Drops a client that stopped answering: it would not read a close frame either.</summary>
    void AbortIdle();
}
