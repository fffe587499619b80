using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace SignalRPub.Security;

/// <summary>
/// A token bucket per client address (<see cref="ClientAddress"/>), refilled by one timer for all of them; buckets of
/// addresses that went quiet are dropped, so memory follows the addresses active now.
/// </summary>
internal sealed class AddressRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public AddressRateLimiter(int tokenLimit, int tokensPerPeriod, TimeSpan period)
    {
        var options = new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokenLimit,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = period,
            AutoReplenishment = true,
            QueueLimit = 0,
        };
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => options));
    }

    /// <summary>Takes one token of the caller's address; false when it has none left.</summary>
    public bool TryTake(HttpContext context) => TryTake(context.Connection.RemoteIpAddress);

    /// <summary>The same for a caller known by its address alone (a connection not yet an HTTP request).</summary>
    public bool TryTake(IPAddress? address)
    {
        using var lease = _limiter.AttemptAcquire(ClientAddress.KeyOf(address));
        return lease.IsAcquired;
    }

    /// <summary>True when the caller's address has no token left (nothing is taken).</summary>
    public bool IsExhausted(HttpContext context) => _limiter.GetStatistics(ClientAddress.KeyOf(context))?.CurrentAvailablePermits <= 0;

    public void Dispose() => _limiter.Dispose();
}
