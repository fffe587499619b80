namespace SignalRPub;

/// <summary>The admin listener.</summary>
public sealed class AdminOptions
{
    /// <summary>Serve the admin API and the operations API on their own listener. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>URLs the admin API listens on. Default <c>http://127.0.0.1:9180</c>.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:9180";

    /// <summary>The admin key. Empty: a random key is made at start and logged once.</summary>
    public string? ApiKey { get; set; }
}
