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

    /// <summary>Bytes the managed heap held right after the last full collection: the live data then (0 from servers that do not say).</summary>
    public long LiveHeapBytes { get; init; }

    /// <summary>Threads of the server's .NET thread pool (0 from servers that do not say).</summary>
    public long ThreadPoolThreads { get; init; }

    /// <summary>
    /// The GC figures of several nodes added up (the first one's GC mode); null when there are none or one is
    /// missing, so a total never silently leaves a node out.
    /// </summary>
    public static ServerStatsSample? Total(IReadOnlyList<ServerStatsSample?> samples) =>
        samples.Count == 0 || samples.Any(s => s is null)
            ? null
            : samples.Count == 1
                ? samples[0]
                : new ServerStatsSample(samples.Sum(s => s!.Gen0), samples[0]!.Mode, samples.Sum(s => s!.AllocatedBytes), samples.Sum(s => s!.HeapBytes));
}
