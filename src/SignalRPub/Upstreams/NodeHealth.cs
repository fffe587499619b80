namespace SignalRPub.Upstreams;

/// <summary>
/// Passive health of one node: after <c>UnhealthyAfterFailures</c> consecutive failures it is skipped for
/// <c>UnhealthySeconds</c>; one success makes it healthy again.
/// </summary>
internal sealed class NodeHealth(int failuresToSkip, TimeSpan skipFor, TimeProvider time)
{
    private int _consecutiveFailures;
    private long _skipUntil;

    public bool IsHealthy => time.GetTimestamp() >= Volatile.Read(ref _skipUntil);

    /// <summary>Failures since the last success or the last time the node was set aside.</summary>
    public int ConsecutiveFailures => Volatile.Read(ref _consecutiveFailures);

    public void Succeeded()
    {
        Volatile.Write(ref _consecutiveFailures, 0);
        Volatile.Write(ref _skipUntil, 0);
    }

    public void Failed()
    {
        if (Interlocked.Increment(ref _consecutiveFailures) >= failuresToSkip)
        {
            Volatile.Write(ref _skipUntil, time.GetTimestamp() + (long)(skipFor.TotalSeconds * time.TimestampFrequency));
            Volatile.Write(ref _consecutiveFailures, 0);
        }
    }
}
