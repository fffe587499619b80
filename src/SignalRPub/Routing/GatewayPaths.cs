namespace SignalRPub.Routing;

/// <summary>The gateway's own paths on its listener, which no route may take (PROTOCOL.md §1).</summary>
internal static class GatewayPaths
{
    /// <summary>The SignalR hub; its negotiate and transports live under it.</summary>
    public const string Hub = "/hub";

    /// <summary>The publish API, and the root under which the gateway's HTTP APIs live.</summary>
    public const string Publish = ApiRoot + "/publish";

    public const string ApiRoot = "/api/v1";

    public const string Health = "/healthz";

    /// <summary>The demo page and its files, served under it when <see cref="DemoOptions.Enabled"/> is on.</summary>
    public const string Demo = "/demo";
}
