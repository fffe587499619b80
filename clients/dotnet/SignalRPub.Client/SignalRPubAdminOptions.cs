namespace SignalRPub.Client;

/// <summary>Where <see cref="ISignalRPubAdmin"/> sends its requests.</summary>
public sealed class SignalRPubAdminOptions
{
    /// <summary>The admin listener (docs/admin.md §1). Default <c>http://127.0.0.1:9180</c>.</summary>
    public Uri? BaseAddress { get; set; } = new("http://127.0.0.1:9180");

    /// <summary>The admin key (<c>SignalRPub:Admin:ApiKey</c>), sent as <c>X-API-KEY</c>. Required.</summary>
    public string? ApiKey { get; set; }
}
