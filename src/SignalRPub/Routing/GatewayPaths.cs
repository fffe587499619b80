namespace SignalRPub.Routing;

/// <summary>The gateway's own paths on its listener, which no route may take (PROTOCOL.md §1).</summary>
internal static class GatewayPaths
{
    /// <summary>The SignalR hub; its negotiate and transports live under it.</summary>
    public const string Hub = "/hub";

    /// <summary>The publish API, and the root under which the gateway's HTTP APIs live.</summary>
    public const string Publish = ApiRoot + "/publish";

    public const string ApiRoot = "/api/v1";

    /// <summary>Liveness: 200 while the process serves requests.</summary>
    public const string Health = "/healthz";

    /// <summary>Readiness: 200 while the node can take connections (its readiness checks pass), 503 otherwise.</summary>
    public const string Ready = "/readyz";

    /// <summary>The demo page and its files, served under it when <see cref="DemoOptions.Enabled"/> is on.</summary>
    public const string Demo = "/demo";
}
