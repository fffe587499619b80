using System.ComponentModel.DataAnnotations;

namespace SignalRPub.Samples.QuotePublisher;

/// <summary>The settings of section <c>QuotePublisher</c>.</summary>
internal sealed class QuotePublisherOptions
{
    public const string Section = "QuotePublisher";

    /// <summary>The gateway listener the publish API is on.</summary>
    [Required]
    public Uri GatewayUrl { get; set; } = new("http://127.0.0.1:9080");

    /// <summary>The publish key (<c>SignalRPub:Publish:ApiKey</c> of the gateway).</summary>
    [Required]
    public string ApiKey { get; set; } = "dev-key";

    /// <summary>Messages per second over all topics.</summary>
    [Range(0.1, 100_000)]
    public double RatePerSecond { get; set; } = 20;

    /// <summary>The first instrument code: topics are <c>hq_100001_&lt;code&gt;</c> for <see cref="Count"/> codes from this one.</summary>
    [Range(0, 999_999_999)]
    public int FirstCode { get; set; } = 120;

    /// <summary>How many instruments (topics) are quoted.</summary>
    [Range(1, 10_000)]
    public int Count { get; set; } = 10;
}
