namespace SignalRPub.Internal;

/// <summary>
/// Lets one log line through per period and counts those held back, so the next line can say how many there were.
/// One per connection for lines a client's input can cause (whatever it sends, a few lines a minute at most), or one
/// per kind of line that many clients at once can cause (slow consumers, idle drops).
/// </summary>
internal sealed class LogThrottle(TimeSpan period)
{
    /// <summary>The period of a connection's own throttle.</summary>
    public static readonly TimeSpan PerConnection = TimeSpan.FromSeconds(60);

    private readonly long _periodMilliseconds = (long)period.TotalMilliseconds;
    private long _nextAllowed = long.MinValue;
    private int _suppressed;

    /// <summary>True when a line may be written now; <paramref name="suppressed"/> is how many were held back before it.</summary>
    public bool TryEnter(out int suppressed)
    {
        var now = Environment.TickCount64;
        var next = Volatile.Read(ref _nextAllowed);
        if (now >= next && Interlocked.CompareExchange(ref _nextAllowed, now + _periodMilliseconds, next) == next)
        {
            suppressed = Interlocked.Exchange(ref _suppressed, 0);
            return true;
        }

        Interlocked.Increment(ref _suppressed);
        suppressed = 0;
        return false;
    }
}
