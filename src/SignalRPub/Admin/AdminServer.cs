using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SignalRPub.Connections;
using SignalRPub.Diagnostics;
using SignalRPub.Security;
using SignalRPub.Upstreams;

namespace SignalRPub.Admin;

/// <summary>
/// Runs the admin and operations APIs on their own Kestrel listener (<c>SignalRPub:Admin:Urls</c>), with a
/// pipeline of their own: none of their paths exists on the gateway listener, and the gateway's on this one.
/// </summary>
internal sealed partial class AdminServer(
    IOptions<SignalRPubOptions> options,
    RouteCatalog catalog,
    GatewayKeys keys,
    AuthFailureLimiter authFailures,
    ClusterOperations cluster,
    DeniedNetworks deniedNetworks,
    IServiceProvider services,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The addresses the admin listener is bound to, once started.</summary>
    public IReadOnlyList<string> Addresses { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var admin = options.Value.Admin;
        if (!admin.Enabled)
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(admin.Urls);
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.Use(next => AdminApi.RequireKey(keys, authFailures, next));
        AdminApi.Map(app, catalog);
        OperationsApi.Map(app, cluster);
        MetricsEndpoint.Map(app, admin, services);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        Addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        deniedNetworks.AddListeners(Addresses);
        Log.Listening(loggerFactory.CreateLogger<AdminServer>(), string.Join(", ", Addresses));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Admin API listening on {Addresses}.")]
        public static partial void Listening(ILogger logger, string addresses);
    }
}
