namespace SignalRPub;

/// <summary>Upstream calls: passive health of nodes, where nodes may point, and how big an answer may be.</summary>
public sealed class UpstreamsOptions
{
    /// <summary>The networks denied when <see cref="DeniedNetworks"/> is not set: link-local IPv4 and IPv6 (cloud metadata lives there).</summary>
    internal static IReadOnlyList<string> DefaultDeniedNetworks { get; } = ["169.254.0.0/16", "fe80::/10"];

    /// <summary>Consecutive failures (unreachable, timed out, 502/503/504) after which a node is skipped. Default 3.</summary>
    public int UnhealthyAfterFailures { get; set; } = 3;

    /// <summary>Seconds a node that failed repeatedly is skipped before it is tried again. Default 10.</summary>
    public int UnhealthySeconds { get; set; } = 10;

    /// <summary>
    /// Networks (CIDRs such as <c>10.0.0.0/8</c>, or single addresses) that upstream nodes may not point into; when set,
    /// it replaces the default <see cref="DefaultDeniedNetworks"/> (<c>169.254.0.0/16</c>, <c>fe80::/10</c>), and
    /// empty entries are ignored, so one empty entry denies nothing but the listeners. The gateway's own listeners
    /// are always denied. Loopback and private networks are allowed unless listed here.
    /// </summary>
    public string[]? DeniedNetworks { get; set; }

    /// <summary>
    /// The largest upstream answer body, in bytes; a bigger one counts as a failure of its node, like a 502.
    /// Default 1 MiB (1048576).
    /// </summary>
    public int MaxResponseBytes { get; set; } = 1024 * 1024;
}
