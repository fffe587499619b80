namespace SignalRPub.Admin;

/// <summary>
/// The latest upstream attempts on one node of one route, in a ring of at most <see cref="Capacity"/>: when, how long,
/// and whether they succeeded. Older ones fall out of the ring, and out of every summary once past the window.
/// </summary>
internal sealed class LatencySamples
{
    public const int Capacity = 2048;

    private readonly Lock _lock = new();
    private readonly long[] _at = new long[Capacity];
    private readonly double[] _seconds = new double[Capacity];
    private readonly bool[] _failed = new bool[Capacity];
    private int _next;
    private int _count;

    /// <summary>The timestamp of the latest attempt, to forget nodes that have had none for a while.</summary>
    public long LastAt { get; private set; }

    public void Add(long timestamp, double seconds, bool failed)
    {
        lock (_lock)
        {
            _at[_next] = timestamp;
            _seconds[_next] = seconds;
            _failed[_next] = failed;
            _next = (_next + 1) % Capacity;
            _count = Math.Min(_count + 1, Capacity);
            LastAt = timestamp;
        }
    }

    /// <summary>The attempts made at or after <paramref name="since"/> (a timestamp), summarised.</summary>
    public LatencySummary Summarise(long since)
    {
        var durations = new List<double>(_count);
        var errors = 0;
        lock (_lock)
        {
            for (var i = 0; i < _count; i++)
            {
                if (_at[i] >= since)
                {
                    durations.Add(_seconds[i]);
                    errors += _failed[i] ? 1 : 0;
                }
            }
        }

        if (durations.Count == 0)
        {
            return default;
        }

        durations.Sort();
        return new LatencySummary(durations.Count, errors, Rank(durations, 0.50), Rank(durations, 0.90), Rank(durations, 0.99), durations[^1]);
    }

    // Nearest rank: the smallest duration at or above which lie the slowest (1 - p) of the attempts.
    private static double Rank(List<double> sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
