namespace SignalRPub.LoadGen;

/// <summary>What Redis did between two readings, the probe's own traffic left out; calls by command, most first.</summary>
internal sealed record RedisSpan(long Commands, long NetInputBytes, long NetOutputBytes, double CpuSeconds, IReadOnlyDictionary<string, long> Calls);
