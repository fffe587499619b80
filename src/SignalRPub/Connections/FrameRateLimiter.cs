namespace SignalRPub.Connections;

/// <summary>
/// The request frames of one connection: a token bucket of <see cref="RateLimitsOptions.FrameBurst"/> frames refilled
/// at <see cref="RateLimitsOptions.FramesPerSecond"/>. A refused frame is answered <c>429 rate_limited</c> and costs
/// a strike from a second bucket of the same size and rate; a client that runs out of strikes keeps flooding well
/// past the rate and is closed (1008). Both buckets refill lazily when asked, so an idle connection costs no timer.
/// </summary>
/// <remarks>
/// Each bucket refills as <see cref="System.Threading.RateLimiting.TokenBucketRateLimiter"/> does when replenished by
/// hand (it was one, and the refusals stay the same): by the elapsed time times the rate, up to the burst, and not at
/// all while full. Two buckets in a few fields instead of two limiters, their options and queues (about 330 bytes per
/// connection).
/// </remarks>
internal sealed class FrameRateLimiter(int framesPerSecond, int burst, TimeProvider time)
{
    private readonly Lock _lock = new();
    private double _frames = burst;
    private long _framesRefilled = time.GetTimestamp();

    // The strikes bucket starts full at the first refusal: most connections never need it.
    private double _strikes = -1;
    private long _strikesRefilled;

    /// <summary>Takes one frame's token; says whether the frame may run, or the connection is flooding.</summary>
    public FrameVerdict Take()
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            if (TryTake(ref _frames, ref _framesRefilled, now))
            {
                return FrameVerdict.Accepted;
            }

            if (_strikes < 0)
            {
                (_strikes, _strikesRefilled) = (burst, now);
            }

            return TryTake(ref _strikes, ref _strikesRefilled, now) ? FrameVerdict.Refused : FrameVerdict.Flooding;
        }
    }

    private bool TryTake(ref double tokens, ref long refilled, long now)
    {
        if (tokens < burst)
        {
            tokens = Math.Min(burst, tokens + (framesPerSecond * (double)(now - refilled) / time.TimestampFrequency));
            refilled = now;
        }

        if (tokens < 1)
        {
            return false;
        }

        tokens -= 1;
        return true;
    }
}
