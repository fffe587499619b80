using System.ComponentModel.DataAnnotations;

namespace SignalRPub.Samples.MockUpstream;

/// <summary>
/// How the mock upstream answers: the <c>MockUpstream</c> configuration section, bound from
/// <c>appsettings.json</c>, environment variables (<c>MockUpstream__DenyTopics__0=secret_*</c>) and the command line.
/// </summary>
internal sealed class MockUpstreamOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "MockUpstream";

    /// <summary>The default listen address, the seed's <c>mock-ms1975</c> on its port.</summary>
    public const string DefaultUrls = "http://127.0.0.1:1975";

    /// <summary>
    /// Where to listen, <c>;</c>-separated. Default <c>http://127.0.0.1:1975</c>. The standard <c>--urls</c> argument
    /// and the <c>ASPNETCORE_URLS</c> variable take precedence over it.
    /// </summary>
    public string Urls { get; set; } = DefaultUrls;

    /// <summary>
    /// Glob patterns (<c>*</c> matches any run of characters, everything else is literal and case-sensitive) of
    /// topics a <c>sub_add</c> or <c>sub_put</c> may not subscribe to. Default: empty, nothing is denied.
    /// </summary>
    public List<string> DenyTopics { get; set; } = [];

    /// <summary>
    /// Unset (the default): denied topics are dropped and the rest answered as <c>200 {"topics":[…]}</c>,
    /// narrowing the subscription. Set (400–599): a request naming any denied topic fails as a whole with this
    /// status and <c>{"error":"topic denied","topics":[…denied]}</c>.
    /// </summary>
    [Range(400, 599)]
    public int? DenyTopicsStatus { get; set; }

    /// <summary>
    /// Glob patterns of user ids whose <c>register</c> is refused with <c>403 {"error":"user denied"}</c>.
    /// Default: empty. A register without a user id is never refused.
    /// </summary>
    public List<string> DenyUsers { get; set; } = [];

    /// <summary>
    /// Milliseconds to wait before every answer to a <c>POST</c>, to make the gateway time out. Default 0;
    /// valid 0–600000. <c>GET /healthz</c> is never delayed.
    /// </summary>
    [Range(0, 600_000)]
    public int DelayMilliseconds { get; set; }
}
