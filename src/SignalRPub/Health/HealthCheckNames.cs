namespace SignalRPub.Health;

/// <summary>The names of the gateway's health checks, as the probes' answers list them, and the tag of readiness.</summary>
internal static class HealthCheckNames
{
    /// <summary>The tag of the checks <c>/readyz</c> runs; a host's own checks join readiness with it.</summary>
    public const string ReadyTag = "ready";

    /// <summary>The route store was loaded and its routes are in force.</summary>
    public const string Routes = "routes";

    /// <summary>The node has started, is not stopping, and its admin listener listens when it is on.</summary>
    public const string Listeners = "listeners";

    /// <summary>Redis can be reached (on a cluster only).</summary>
    public const string Redis = "redis";
}
