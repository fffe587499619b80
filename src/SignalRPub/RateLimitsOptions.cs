namespace SignalRPub;

/// <summary>
/// Rate limits. The defaults leave room for the heaviest legitimate use measured in <c>bench/</c> (one key publishing
/// 100k messages/s, 10,000 clients connecting and subscribing at once from one address) while bounding what one
/// client, address or key can make the gateway do. Every value must be above 0.
/// </summary>
public sealed class RateLimitsOptions
{
    /// <summary>Request frames one connection may send per second, on average (raw frames and hub <c>Request</c> calls). Default 5000.</summary>
    public int FramesPerSecond { get; set; } = 5000;

    /// <summary>Request frames one connection may send at once above the average rate. Default 10000.</summary>
    public int FrameBurst { get; set; } = 10_000;

    /// <summary>Actions that may wait for one connection while another of its actions runs (HTTP actions; over it: 429). Default 32.</summary>
    public int MaxQueuedActions { get; set; } = 32;

    /// <summary>Messages one publish key may publish per second (over it: 429 with <c>Retry-After</c>). Default 200000.</summary>
    public int PublishMessagesPerSecond { get; set; } = 200_000;

    /// <summary>WebSocket upgrades and hub negotiations one client address may make per second, on average. Default 1000.</summary>
    public int UpgradesPerSecondPerAddress { get; set; } = 1000;

    /// <summary>WebSocket upgrades and hub negotiations one client address may make at once above the average rate. Default 10000.</summary>
    public int UpgradeBurstPerAddress { get; set; } = 10_000;

    /// <summary>
    /// Requests with a wrong key or token (publish, HTTP actions, admin) one client address may make per minute; past it,
    /// that address gets 429 on every authenticated endpoint until the minute's allowance refills. Default 60.
    /// </summary>
    public int AuthFailuresPerMinutePerAddress { get; set; } = 60;
}
