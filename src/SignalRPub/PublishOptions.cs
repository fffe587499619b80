namespace SignalRPub;

/// <summary>The publish API and the backend form of HTTP actions.</summary>
public sealed class PublishOptions
{
    /// <summary>The publish key (<c>X-API-KEY</c>). Empty: a random key is made at start and logged once.</summary>
    public string? ApiKey { get; set; }
}
