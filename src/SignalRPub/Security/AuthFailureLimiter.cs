using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SignalRPub.Diagnostics;

namespace SignalRPub.Security;

/// <summary>
/// Bounds key and token guessing: each request with a wrong key or token costs its address one of
/// <see cref="RateLimitsOptions.AuthFailuresPerMinutePerAddress"/>, refilled over a minute. An address with none
/// left gets 429 on every authenticated endpoint before its credentials are even looked at, so an answer never
/// tells a guesser whether a guess was right while it is blocked.
/// </summary>
internal sealed class AuthFailureLimiter(IOptions<SignalRPubOptions> options, GatewayMetrics metrics) : IDisposable
{
    private readonly AddressRateLimiter _failures = new(
        options.Value.RateLimits.AuthFailuresPerMinutePerAddress,
        tokensPerPeriod: 1,
        TimeSpan.FromMinutes(1.0 / options.Value.RateLimits.AuthFailuresPerMinutePerAddress));

    /// <summary>True when the caller's address has used up its failures: answer 429 without checking anything.</summary>
    public bool IsBlocked(HttpContext context)
    {
        if (!_failures.IsExhausted(context))
        {
            return false;
        }

        metrics.RateLimited(MetricTags.LimitAuthFailures);
        return true;
    }

    /// <summary>Counts one wrong key or token against the caller's address.</summary>
    public void Failed(HttpContext context) => _failures.TryTake(context);

    public void Dispose() => _failures.Dispose();
}
