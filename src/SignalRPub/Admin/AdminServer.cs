using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SignalRPub.Cluster;
using SignalRPub.Connections;
using SignalRPub.Dashboard;
using SignalRPub.Diagnostics;
using SignalRPub.Security;
using SignalRPub.Upstreams;

namespace SignalRPub.Admin;

/// <summary>
/// Runs the admin and operations APIs on their own Kestrel listener (<c>SignalRPub:Admin:Urls</c>), with a
/// pipeline of their own: none of their paths exists on the gateway listener, and the gateway's on this one. The
/// dashboard (<c>/dashboard/</c>) is served here too.
/// </summary>
internal sealed partial class AdminServer(
    IOptions<SignalRPubOptions> options,
    RouteCatalog catalog,
    GatewayKeys keys,
    AuthFailureLimiter authFailures,
    ClusterOperations cluster,
    RoutesReport routes,
    IClusterBus bus,
    DashboardEndpoint dashboard,
    DeniedNetworks deniedNetworks,
    IServiceProvider services,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;
    private volatile bool _listening;

    /// <summary>The addresses the admin listener is bound to, once started.</summary>
    public IReadOnlyList<string> Addresses { get; private set; } = [];

    /// <summary>True from the listener's start until it is stopped; false throughout when the admin listener is off.</summary>
    public bool IsListening => _listening;

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
        app.Use(next =>
        {
            // The dashboard's files are served before the key check (the page asks for the key); everything else after it.
            var guarded = AdminApi.RequireKey(keys, authFailures, next);
            return admin.Dashboard ? context => DashboardEndpoint.Owns(context.Request) ? dashboard.HandleAsync(context) : guarded(context) : guarded;
        });
        AdminApi.Map(app, catalog);
        OperationsApi.Map(app, cluster, routes, bus.NodeId);
        MetricsEndpoint.Map(app, admin, services);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        Addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        deniedNetworks.AddListeners(Addresses);
        _listening = true;
        Log.Listening(loggerFactory.CreateLogger<AdminServer>(), string.Join(", ", Addresses));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _listening = false;
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
