namespace SignalRPub.LoadGen;

/// <summary>Collects latency samples (microseconds) and reports percentiles; thread safe.</summary>
internal sealed class LatencyRecorder
{
    private readonly List<long> _samples = new(1 << 16);
    private readonly Lock _lock = new();

    public void Record(long microseconds)
    {
        lock (_lock)
        {
            _samples.Add(microseconds);
        }
    }

    public LatencySummary Summarize()
    {
        long[] sorted;
        lock (_lock)
        {
            sorted = _samples.ToArray();
        }

        Array.Sort(sorted);
        double At(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)] / 1000.0;
        return new LatencySummary(sorted.Length, At(0.50), At(0.90), At(0.99), sorted.Length == 0 ? 0 : sorted[^1] / 1000.0);
    }
}
