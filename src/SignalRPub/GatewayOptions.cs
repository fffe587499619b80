namespace SignalRPub;

/// <summary>The gateway listener: entry and action routes, <c>/hub</c>, <c>/api/v1/*</c>, <c>/healthz</c>.</summary>
public sealed class GatewayOptions
{
    /// <summary>URLs the gateway listens on, separated by <c>;</c>. Default <c>http://127.0.0.1:9080</c>.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:9080";
}
