namespace SignalRPub.Protocol;

/// <summary>The error codes of PROTOCOL.md §8.</summary>
internal static class ErrorCodes
{
    public const string InvalidJson = "invalid_json";
    public const string BadRequest = "bad_request";
    public const string InvalidTopic = "invalid_topic";
    public const string TooManyTopics = "too_many_topics";
    public const string PayloadTooLarge = "payload_too_large";
    public const string Unauthorized = "unauthorized";
    public const string NotRegistered = "not_registered";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string UpgradeRequired = "upgrade_required";
    public const string UpstreamRejected = "upstream_rejected";
    public const string UpstreamUnavailable = "upstream_unavailable";
    public const string UpstreamTimeout = "upstream_timeout";
    public const string Unavailable = "unavailable";
    public const string RateLimited = "rate_limited";
    public const string Internal = "internal";

    public static int StatusOf(string code) => code switch
    {
        InvalidJson or BadRequest or InvalidTopic or TooManyTopics => 400,
        PayloadTooLarge => 413,
        Unauthorized or NotRegistered => 401,
        Forbidden => 403,
        NotFound => 404,
        MethodNotAllowed => 405,
        UpgradeRequired => 426,
        UpstreamUnavailable => 502,
        UpstreamTimeout => 504,
        Unavailable => 503,
        RateLimited => 429,
        _ => 500,
    };
}
