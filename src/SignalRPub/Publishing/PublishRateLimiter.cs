using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using SignalRPub.Diagnostics;

namespace SignalRPub.Publishing;

/// <summary>
/// The messages the publish key may publish: a token bucket of one second's worth of
/// <see cref="RateLimitsOptions.PublishMessagesPerSecond"/>, refilled as time passes. A request takes one token per
/// message (per topic) it publishes, all or none, so a request over the limit publishes nothing.
/// </summary>
internal sealed class PublishRateLimiter(IOptions<SignalRPubOptions> options, GatewayMetrics metrics) : IDisposable
{
    private readonly TokenBucketRateLimiter _bucket = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = options.Value.RateLimits.PublishMessagesPerSecond,
        TokensPerPeriod = options.Value.RateLimits.PublishMessagesPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        AutoReplenishment = false,
        QueueLimit = 0,
    });

    public int MessagesPerSecond { get; } = options.Value.RateLimits.PublishMessagesPerSecond;

    /// <summary>Takes <paramref name="messages"/> tokens; false (and none taken) when there are not that many.</summary>
    public bool TryTake(int messages)
    {
        _bucket.TryReplenish();
        using var lease = _bucket.AttemptAcquire(Math.Min(messages, MessagesPerSecond));
        if (!lease.IsAcquired)
        {
            metrics.RateLimited(MetricTags.LimitPublish);
        }

        return lease.IsAcquired;
    }

    public void Dispose() => _bucket.Dispose();
}
