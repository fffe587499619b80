using System.Threading.RateLimiting;

namespace SignalRPub.Connections;

/// <summary>
/// The request frames of one connection: a token bucket of <see cref="RateLimitsOptions.FrameBurst"/> frames refilled
/// at <see cref="RateLimitsOptions.FramesPerSecond"/>. A refused frame is answered <c>429 rate_limited</c> and costs
/// a strike from a second bucket of the same size and rate; a client that runs out of strikes keeps flooding well
/// past the rate and is closed (1008). Both buckets refill lazily when asked, so an idle connection costs no timer.
/// </summary>
internal sealed class FrameRateLimiter
{
    private readonly TokenBucketRateLimiterOptions _options;
    private readonly TokenBucketRateLimiter _frames;
    private TokenBucketRateLimiter? _strikes;

    public FrameRateLimiter(int framesPerSecond, int burst)
    {
        _options = new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = framesPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            AutoReplenishment = false,
            QueueLimit = 0,
        };
        _frames = new TokenBucketRateLimiter(_options);
    }

    /// <summary>Takes one frame's token; says whether the frame may run, or the connection is flooding.</summary>
    public FrameVerdict Take()
    {
        if (Acquire(_frames))
        {
            return FrameVerdict.Accepted;
        }

        // Made at the first refusal only: most connections never need it.
        var strikes = _strikes ?? Interlocked.CompareExchange(ref _strikes, new TokenBucketRateLimiter(_options), null) ?? _strikes;
        return Acquire(strikes) ? FrameVerdict.Refused : FrameVerdict.Flooding;
    }

    private static bool Acquire(TokenBucketRateLimiter bucket)
    {
        bucket.TryReplenish();
        using var lease = bucket.AttemptAcquire();
        return lease.IsAcquired;
    }
}
