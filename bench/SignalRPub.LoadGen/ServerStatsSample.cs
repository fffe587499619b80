namespace SignalRPub.LoadGen;

/// <summary>One reading of the server's GC figures and totals from <c>/signalrpub/stats</c>.</summary>
internal sealed record ServerStatsSample(long Gen0, string Mode, long AllocatedBytes, long HeapBytes)
{
    public long Gen1 { get; init; }

    public long Gen2 { get; init; }

    public long Connections { get; init; }

    public long Registered { get; init; }

    /// <summary>Connections the server closed as slow consumers since it started.</summary>
    public long SlowConsumers { get; init; }

    /// <summary>Messages the server wrote to connections since it started (pushes and answers).</summary>
    public long MessagesOut { get; init; }

    /// <summary>Bytes the outbound buffer pool keeps for reuse (part of the RSS, not of the managed heap).</summary>
    public long BufferPoolBytes { get; init; }
}
