namespace SignalRPub;

/// <summary>The gateway listener: entry and action routes, <c>/hub</c>, <c>/api/v1/*</c>, <c>/healthz</c>.</summary>
public sealed class GatewayOptions
{
    /// <summary>The value of <see cref="WebSocketUpgrades"/> that accepts raw WebSockets below HTTP (the default).</summary>
    public const string ConnectionUpgrades = "Connection";

    /// <summary>The value of <see cref="WebSocketUpgrades"/> that accepts raw WebSockets through ASP.NET Core's HTTP pipeline.</summary>
    public const string HttpUpgrades = "Http";

    /// <summary>URLs the gateway listens on, separated by <c>;</c>. Default <c>http://127.0.0.1:9080</c>.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:9080";

    /// <summary>
    /// How a raw WebSocket upgrade to an entry route is accepted. <c>Connection</c> (the default): a Kestrel connection
    /// middleware on the gateway's plain-HTTP listeners reads the first request of a new connection and, when it is a
    /// well-formed HTTP/1.1 WebSocket upgrade to an entry route, answers it and runs the socket straight on the
    /// connection (no HTTP request lives on with it); every other request goes to HTTP untouched. <c>Http</c>: every
    /// upgrade goes through ASP.NET Core routing as a request, as before this setting existed (the way to let the host's
    /// own HTTP middleware, such as forwarded headers, see raw upgrades). Case-insensitive; anything else is refused at
    /// start. See docs/architecture.md, "Raw WebSocket upgrades".
    /// </summary>
    public string WebSocketUpgrades { get; set; } = ConnectionUpgrades;

    /// <summary>True when <see cref="WebSocketUpgrades"/> is <c>Connection</c>.</summary>
    internal bool UpgradesBelowHttp => string.Equals(WebSocketUpgrades?.Trim(), ConnectionUpgrades, StringComparison.OrdinalIgnoreCase);
}
