namespace SignalRPub;

/// <summary>Connection tokens and browser origins.</summary>
public sealed class SecurityOptions
{
    /// <summary>
    /// The secret connection tokens are signed with (HMAC-SHA256), at least 32 characters. Empty: a random
    /// secret is made at start, so tokens are valid on this node only and only until it restarts. Every node
    /// of a cluster needs the same value.
    /// </summary>
    public string? TokenSecret { get; set; }

    /// <summary>
    /// Origins (<c>scheme://host[:port]</c>, compared without regard to case) whose browser pages may open WebSockets
    /// and SignalR connections. A request that carries an <c>Origin</c> header from any other origin is refused with
    /// 403 on every WebSocket endpoint (entry routes and <c>/hub</c>, negotiate included); requests without
    /// <c>Origin</c> (non-browser clients) are allowed. Empty (the default): every origin is allowed.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];
}
