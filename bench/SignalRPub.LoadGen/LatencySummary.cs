namespace SignalRPub.LoadGen;

/// <summary>Latency percentiles in milliseconds.</summary>
internal sealed record LatencySummary(long Count, double P50, double P90, double P99, double Max);
