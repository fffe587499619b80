namespace SignalRPub;

/// <summary>Connection tokens.</summary>
public sealed class SecurityOptions
{
    /// <summary>
    /// The secret connection tokens are signed with (HMAC-SHA256), at least 32 characters. Empty: a random
    /// secret is made at start, so tokens are valid on this node only and only until it restarts. Every node
    /// of a cluster needs the same value.
    /// </summary>
    public string? TokenSecret { get; set; }
}
