namespace SignalRPub;

/// <summary>Upstream calls: passive health of nodes.</summary>
public sealed class UpstreamsOptions
{
    /// <summary>Consecutive failures (unreachable, timed out, 502/503/504) after which a node is skipped. Default 3.</summary>
    public int UnhealthyAfterFailures { get; set; } = 3;

    /// <summary>Seconds a node that failed repeatedly is skipped before it is tried again. Default 10.</summary>
    public int UnhealthySeconds { get; set; } = 10;
}
