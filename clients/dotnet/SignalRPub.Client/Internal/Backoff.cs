namespace SignalRPub.Client.Internal;

/// <summary>The wait before a reconnect attempt: exponential, capped, with jitter.</summary>
internal static class Backoff
{
    /// <summary>The wait before attempt <paramref name="attempt"/> (from 1) under <paramref name="policy"/>.</summary>
    public static TimeSpan Delay(SignalRPubReconnectOptions policy, int attempt)
    {
        var exponent = Math.Min(attempt - 1, 30);
        var full = Math.Min(policy.MaxDelay.TotalMilliseconds, policy.InitialDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(full * (1 - (policy.Jitter * Random.Shared.NextDouble())));
    }
}
