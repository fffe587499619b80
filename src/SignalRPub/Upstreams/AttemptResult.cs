namespace SignalRPub.Upstreams;

/// <summary>How one attempt on one node ended; <see cref="IsRetryable"/> sends the next attempt to another node.</summary>
internal sealed record AttemptResult(UpstreamResult Result, bool IsRetryable);
