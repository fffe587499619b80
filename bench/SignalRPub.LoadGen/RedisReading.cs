namespace SignalRPub.LoadGen;

/// <summary>
/// One reading of a Redis server's totals (<c>INFO stats</c>, <c>memory</c>, <c>cpu</c>, <c>commandstats</c>),
/// with what the probe itself had exchanged with it just before the reading's <c>INFO stats</c>.
/// </summary>
internal sealed record RedisReading(
    long Commands,
    long NetInputBytes,
    long NetOutputBytes,
    long UsedMemoryBytes,
    double CpuSeconds,
    IReadOnlyDictionary<string, long> Calls,
    long ProbeCommands,
    long ProbeSentBytes,
    long ProbeReceivedBytes)
{
    /// <summary>
    /// What Redis did between <paramref name="earlier"/> and this reading, the probe's own traffic left out. Redis
    /// counts a command once it has run, its request bytes when it reads them and its reply bytes when it writes
    /// them; so the span holds the probe's commands from the earlier INFO stats up to this one's (excluded), its
    /// requests after the earlier INFO stats up to this one (included), and its replies from the earlier INFO
    /// stats's up to this one's (excluded) — each the difference of the probe's counts taken before the two INFO stats.
    /// </summary>
    public RedisSpan Since(RedisReading earlier) => new(
        Commands - earlier.Commands - (ProbeCommands - earlier.ProbeCommands),
        NetInputBytes - earlier.NetInputBytes - (ProbeSentBytes - earlier.ProbeSentBytes),
        NetOutputBytes - earlier.NetOutputBytes - (ProbeReceivedBytes - earlier.ProbeReceivedBytes),
        CpuSeconds - earlier.CpuSeconds,
        Calls.Where(c => c.Key != "info")
            .Select(c => (c.Key, Calls: c.Value - earlier.Calls.GetValueOrDefault(c.Key)))
            .Where(c => c.Calls > 0)
            .OrderByDescending(c => c.Calls)
            .ToDictionary(c => c.Key, c => c.Calls, StringComparer.Ordinal));
}
