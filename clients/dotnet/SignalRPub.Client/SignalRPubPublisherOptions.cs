namespace SignalRPub.Client;

/// <summary>Where <see cref="ISignalRPubPublisher"/> publishes.</summary>
public sealed class SignalRPubPublisherOptions
{
    /// <summary>The gateway listener, e.g. <c>http://127.0.0.1:9080</c>. Required, absolute.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The publish key (<c>SignalRPub:Publish:ApiKey</c>), sent as <c>X-API-KEY</c>. Required.</summary>
    public string? ApiKey { get; set; }
}
