namespace SignalRPub;

/// <summary>
/// Options of the gateway, bound from the <c>SignalRPub</c> configuration section.
/// </summary>
public sealed class SignalRPubOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "SignalRPub";

    /// <summary>The gateway listener.</summary>
    public GatewayOptions Gateway { get; set; } = new();

    /// <summary>The admin listener.</summary>
    public AdminOptions Admin { get; set; } = new();

    /// <summary>The publish API.</summary>
    public PublishOptions Publish { get; set; } = new();

    /// <summary>Limits of §8 and the keep-alive of §4 of the protocol.</summary>
    public LimitsOptions Limits { get; set; } = new();

    /// <summary>Rate limits per connection, per client address and per key.</summary>
    public RateLimitsOptions RateLimits { get; set; } = new();

    /// <summary>Where routes are kept.</summary>
    public StorageOptions Storage { get; set; } = new();

    /// <summary>Upstream calls.</summary>
    public UpstreamsOptions Upstreams { get; set; } = new();

    /// <summary>Scale-out over Redis.</summary>
    public RedisClusterOptions Redis { get; set; } = new();

    /// <summary>Connection tokens.</summary>
    public SecurityOptions Security { get; set; } = new();

    /// <summary>The demo page.</summary>
    public DemoOptions Demo { get; set; } = new();
}
