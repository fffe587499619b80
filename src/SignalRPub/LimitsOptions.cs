namespace SignalRPub;

/// <summary>Limits and timeouts. Every value must be positive.</summary>
public sealed class LimitsOptions
{
    /// <summary>Seconds a connection has to register before it is closed (1008). Default 30.</summary>
    public int RegisterTimeoutSeconds { get; set; } = 30;

    /// <summary>Seconds between WebSocket pings the server sends. Default 15.</summary>
    public int KeepAliveSeconds { get; set; } = 15;

    /// <summary>Seconds a socket may answer nothing before it is closed. Default 60; more than <see cref="KeepAliveSeconds"/>.</summary>
    public int IdleTimeoutSeconds { get; set; } = 60;

    /// <summary>Largest request frame or HTTP action body, in bytes. Default 65536 (64 KiB).</summary>
    public int MaxFrameBytes { get; set; } = 64 * 1024;

    /// <summary>Most topics one request may list. Default 1000.</summary>
    public int MaxTopicsPerRequest { get; set; } = 1000;

    /// <summary>Most topics one connection may hold. Default 10000.</summary>
    public int MaxTopicsPerConnection { get; set; } = 10000;

    /// <summary>Bytes waiting to be sent to one connection before it is closed as a slow consumer (1008). Default 4194304 (4 MiB).</summary>
    public long MaxPendingBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Seconds one send to a connection may stay stuck before it is closed as a slow consumer (1008). Default 10.</summary>
    public int SlowConsumerSeconds { get; set; } = 10;

    /// <summary>Largest publish request body, in bytes. Default 1048576 (1 MiB).</summary>
    public int MaxPublishBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Connections that may be open and not yet registered at once, on this node; past it, new WebSocket upgrades and
    /// hub negotiations get <c>503 unavailable</c> with <c>Retry-After</c>. Default 10000.
    /// </summary>
    public int MaxUnregisteredConnections { get; set; } = 10_000;

    /// <summary>
    /// Largest payload of one batch frame sent to a raw client that asked for them (PROTOCOL.md §4), in bytes; a push
    /// that would take a batch past it starts the next, and one too large for any batch goes alone. Default 65536
    /// (64 KiB); at most 16 MiB.
    /// </summary>
    public int MaxPushBatchBytes { get; set; } = DefaultMaxPushBatchBytes;

    internal const int DefaultMaxPushBatchBytes = 64 * 1024;
}
