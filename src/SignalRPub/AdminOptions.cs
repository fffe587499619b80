namespace SignalRPub;

/// <summary>The admin listener.</summary>
public sealed class AdminOptions
{
    /// <summary>
    /// Serve the admin API and the operations API on their own listener. Default false for the library (an
    /// application that embeds the gateway opens no listener it did not ask for); the SignalRPub.Server
    /// executable turns it on in its appsettings.json.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>URLs the admin API listens on. Default <c>http://127.0.0.1:9180</c>.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:9180";

    /// <summary>
    /// Serve the dashboard at <c>/dashboard/</c> on the admin listener (its page asks for the admin key). Default true;
    /// it is only served when the admin listener is.
    /// </summary>
    public bool Dashboard { get; set; } = true;

    /// <summary>The admin key. Empty: a random key is made at start and logged once.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Serve the <c>SignalRPub</c> meter, the runtime's and ASP.NET Core's in Prometheus text format at <c>/metrics</c>
    /// on the admin listener, behind the admin key (<c>X-API-KEY</c>, or <c>Authorization: Bearer</c> as Prometheus
    /// sends it). Default true; read at start. False leaves the meter to the host's own OpenTelemetry setup, if any.
    /// </summary>
    public bool Metrics { get; set; } = true;
}
