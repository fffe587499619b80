namespace SignalRPub.Routing;

/// <summary>Timeouts of an upstream call, in seconds, as APISIX writes them.</summary>
internal sealed record UpstreamTimeout(double Connect, double Send, double Read)
{
    public static UpstreamTimeout Default { get; } = new(6, 6, 6);

    /// <summary>The whole call's budget: connect, send and read together.</summary>
    public TimeSpan Total => TimeSpan.FromSeconds(Connect + Send + Read);
}
