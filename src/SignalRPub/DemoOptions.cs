namespace SignalRPub;

/// <summary>The demo page on the gateway listener (<c>/demo/</c>).</summary>
public sealed class DemoOptions
{
    /// <summary>
    /// Serve the demo page, a browser client of the gateway, at <c>/demo/</c>. Default false for the library (an
    /// application that embeds the gateway serves no page it did not ask for); the SignalRPub.Server executable turns
    /// it on in its appsettings.json. Whether on or off, no route may take <c>/demo</c> or a path under it.
    /// </summary>
    public bool Enabled { get; set; }
}
