namespace SignalRPub.Connections;

/// <summary>
/// Lets one log line through per <see cref="Period"/> and counts those held back, so the next line can say how many
/// there were. One per connection: whatever a client sends, it writes a few lines a minute at most.
/// </summary>
internal sealed class LogThrottle
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(60);

    private long _nextAllowed = long.MinValue;
    private int _suppressed;

    /// <summary>True when a line may be written now; <paramref name="suppressed"/> is how many were held back before it.</summary>
    public bool TryEnter(out int suppressed)
    {
        var now = Environment.TickCount64;
        var next = Volatile.Read(ref _nextAllowed);
        if (now >= next && Interlocked.CompareExchange(ref _nextAllowed, now + (long)Period.TotalMilliseconds, next) == next)
        {
            suppressed = Interlocked.Exchange(ref _suppressed, 0);
            return true;
        }

        Interlocked.Increment(ref _suppressed);
        suppressed = 0;
        return false;
    }
}
