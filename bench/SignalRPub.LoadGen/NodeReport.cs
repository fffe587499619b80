namespace SignalRPub.LoadGen;

/// <summary>
/// One node's share of a fan-out run over several nodes (or over one with <c>--per-node 1</c>): the generator's
/// own counts for the clients it connected there and the publishes it sent there, and the server figures of the
/// node's pid and admin listener where they were given (−1 where not).
/// </summary>
internal sealed record NodeReport(
    int Node,
    string Url,
    int Connections,
    double PublishedPerSecond,
    double DeliveredPerSecond,
    long Expected,
    long Received,
    double LossPercent,
    long FromOtherNodesExpected,
    long FromOtherNodesReceived)
{
    public int Pid { get; init; }

    /// <summary>Server CPU time (user + system) from connecting to the end, as the report's total.</summary>
    public double ServerCpuSeconds { get; init; } = -1;

    /// <summary>Server CPU time from the start of the measured window until every message published in it had arrived.</summary>
    public double WindowCpuSeconds { get; init; } = -1;

    public long RssConnectedKb { get; init; } = -1;

    public long RssEndKb { get; init; } = -1;

    /// <summary>Growth of the node's RSS while the clients connected, per client connected to it.</summary>
    public double KbPerConnection { get; init; } = -1;

    /// <summary>Bytes the node allocated in the window per delivery its own subscribers received.</summary>
    public double AllocatedBytesPerDelivery { get; init; } = -1;
}
