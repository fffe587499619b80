using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;

namespace SignalRPub.Diagnostics;

/// <summary>
/// <c>/metrics</c> on the admin listener: OpenTelemetry's Prometheus exporter over the gateway's meter provider. The
/// admin listener has a container of its own, so the provider (with its exporter) is the gateway's, passed in.
/// </summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    /// <summary>The meters <c>/metrics</c> serves besides the gateway's own: the runtime's, ASP.NET Core's and HttpClient's.</summary>
    public static readonly string[] PlatformMeters =
    [
        "System.Runtime",
        "System.Net.Http",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Routing",
    ];

    /// <summary>Registers the gateway's meter provider with the Prometheus exporter when <c>SignalRPub:Admin:Metrics</c> asks for it.</summary>
    public static void AddServices(IServiceCollection services, AdminOptions admin)
    {
        if (admin.Enabled && admin.Metrics)
        {
            services.TryAddSingleton<Exporting>();
            services.AddOpenTelemetry().WithMetrics(static metrics => metrics
                .AddMeter(SignalRPubTelemetry.MeterName)
                .AddMeter(PlatformMeters)
                .AddPrometheusExporter());
        }
    }

    /// <summary>Maps <see cref="Path"/> on the admin application, after its key check.</summary>
    public static void Map(WebApplication app, AdminOptions admin, IServiceProvider gatewayServices)
    {
        // Only over the provider the gateway gave an exporter: a host's own provider may have none.
        if (admin.Metrics && gatewayServices.GetService<Exporting>() is not null && gatewayServices.GetService<MeterProvider>() is { } provider)
        {
            app.UseOpenTelemetryPrometheusScrapingEndpoint(
                provider,
                predicate: static context => context.Request.Path == Path,
                path: null,
                configureBranchedPipeline: null,
                optionsName: null);
        }
    }

    /// <summary>Registered with the exporter: says that the gateway's meter provider has one.</summary>
    private sealed class Exporting;
}
