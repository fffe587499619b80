namespace SignalRPub;

/// <summary>Scale-out over Redis (<c>SignalRPub:Redis</c>): empty <see cref="Configuration"/> keeps a single node.</summary>
public sealed class RedisClusterOptions
{
    /// <summary>
    /// A StackExchange.Redis configuration string (e.g. <c>redis1:6379,password=…</c>). Set, every node with the same
    /// value and <see cref="Prefix"/> is one gateway; empty (the default), the node runs alone without Redis.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key and channel this gateway uses, so that several clusters can share one Redis. Default <c>signalrpub</c>.</summary>
    public string Prefix { get; set; } = "signalrpub";

    /// <summary>
    /// Seconds after which a node that stopped beating (killed, cut off) is taken for gone: its connections leave the
    /// directory and its counts the totals. Default 30, at least 3.
    /// </summary>
    public int NodeTimeoutSeconds { get; set; } = 30;

    /// <summary>Seconds a starting node waits for Redis before it gives up. Default 30.</summary>
    public int StartupTimeoutSeconds { get; set; } = 30;
}
