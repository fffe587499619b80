using SignalRPub.Connections;
using SignalRPub.Internal;

namespace SignalRPub.Upstreams;

/// <summary>
/// Passive health of one node: after <c>UnhealthyAfterFailures</c> consecutive failures it is skipped for
/// <c>UnhealthySeconds</c>; one success makes it healthy again.
/// </summary>
internal sealed class NodeHealth(int failuresToSkip, TimeSpan skipFor, TimeProvider time)
{
    private int _consecutiveFailures;
    private long _skipUntil;

    /// <summary>
    /// Failure lines of this node: a node that is down fails every action sent to it, and clients decide how many
    /// that is, so one line every ten seconds says so (with how many were held back).
    /// </summary>
    public LogThrottle FailureLog { get; } = new(TimeSpan.FromSeconds(10));

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
