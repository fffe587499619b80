using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SignalRPub.RawWebSockets;

/// <summary>
/// Puts <see cref="UpgradeConnectionMiddleware"/> in front of HTTP on every listener of the host's Kestrel that speaks
/// HTTP/1.1, through <see cref="KestrelServerOptions.ConfigureEndpointDefaults"/>, when
/// <c>SignalRPub:Gateway:WebSocketUpgrades</c> is <c>Connection</c>. The admin listener is a server of its own and never
/// gets it. On a TLS listener the middleware sees the TLS handshake, not a request, and passes every connection to HTTP.
/// </summary>
internal sealed class UpgradeListenerSetup(IOptions<SignalRPubOptions> options, IServiceProvider services) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        if (!options.Value.Gateway.UpgradesBelowHttp)
        {
            return;
        }

        kestrel.ConfigureEndpointDefaults(listen => listen.Use(next =>
            (listen.Protocols & HttpProtocols.Http1) == 0
                ? next
                : services.GetRequiredService<UpgradeConnectionMiddleware>().Wrap(next, listen.KestrelServerOptions.Limits)));
    }
}
