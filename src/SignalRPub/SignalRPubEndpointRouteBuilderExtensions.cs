using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SignalRPub;
using SignalRPub.Demo;
using SignalRPub.Diagnostics;
using SignalRPub.Health;
using SignalRPub.Http;
using SignalRPub.Hubs;
using SignalRPub.Publishing;
using SignalRPub.Routing;
using SignalRPub.Security;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the SignalRPub gateway's endpoints.</summary>
public static class SignalRPubEndpointRouteBuilderExtensions
{
    /// <summary>The path of the SignalR hub.</summary>
    public const string HubPath = GatewayPaths.Hub;

    /// <summary>
    /// The tag of the health checks <c>/readyz</c> runs: the gateway's own (<c>routes</c>, <c>listeners</c>, and
    /// <c>redis</c> on a cluster), and any check of the host's registered with it.
    /// </summary>
    public const string ReadinessTag = HealthCheckNames.ReadyTag;

    private static readonly string[] s_readMethods = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>
    /// Maps the hub (<c>/hub</c>), the publish API (<c>/api/v1/publish</c>), the probes <c>/healthz</c> (alive) and
    /// <c>/readyz</c> (the checks tagged <see cref="ReadinessTag"/> pass), the demo page
    /// (<c>/demo/</c>, when <c>SignalRPub:Demo:Enabled</c> is on), and every route of the route table: WebSocket
    /// entries and HTTP actions.
    /// </summary>
    public static IEndpointRouteBuilder MapSignalRPub(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;

        // Resolved now so that a bad route table or a generated key shows at start, not at the first request.
        services.GetRequiredService<RouteTableProvider>();
        services.GetRequiredService<GatewayKeys>();

        // The observed instruments exist from the start, so a listener sees every series (zeros included) at once.
        services.GetRequiredService<ObservedInstruments>();

        // Admission (origins, upgrades per address, connections waiting to register) comes before anything of the hub's.
        var admission = services.GetRequiredService<GatewayAdmission>();
        var guard = services.GetRequiredService<HubOutboundGuardMiddleware>();
        endpoints.MapConnections(HubPath, builder => builder.Use(next => context => guard.InvokeAsync(context, next)).UseHub<PubHub>())
            .Add(endpoint =>
            {
                var hub = endpoint.RequestDelegate!;
                endpoint.RequestDelegate = context => admission.InvokeHubAsync(context, hub);
            });

        var publish = services.GetRequiredService<PublishEndpoint>();
        endpoints.MapPost(PublishEndpoint.Path, publish.HandleAsync);
        MapProbes(endpoints);
        if (services.GetRequiredService<IOptions<SignalRPubOptions>>().Value.Demo.Enabled)
        {
            // The catch-all takes /demo too, which the endpoint redirects to /demo/.
            var demo = services.GetRequiredService<DemoEndpoint>();
            endpoints.MapMethods(GatewayPaths.Demo + "/{**" + DemoEndpoint.FileParameter + "}", s_readMethods, demo.HandleAsync);
        }

        // Entry routes take WebSockets through a WebSocket middleware of their own, as SignalR's endpoints do: nothing
        // is put in front of the host's pipeline, so a host's own WebSocket settings (allowed origins) apply as well.
        var routes = services.GetRequiredService<GatewayRouteEndpoint>();
        var entries = endpoints.CreateApplicationBuilder();
        entries.UseWebSockets();
        entries.Run(routes.HandleAsync);
        endpoints.Map("/{**path}", entries.Build()).WithOrder(int.MaxValue);
        return endpoints;
    }

    // Liveness runs no check: it answers while the process serves. Readiness runs the tagged checks, 503 when one fails.
    private static void MapProbes(IEndpointRouteBuilder endpoints)
    {
        var methods = new HttpMethodMetadata(s_readMethods);
        endpoints.MapHealthChecks(GatewayPaths.Health, new HealthCheckOptions { Predicate = static _ => false, ResponseWriter = HealthAnswer.WriteAsync })
            .WithMetadata(methods);
        endpoints.MapHealthChecks(GatewayPaths.Ready, new HealthCheckOptions
        {
            Predicate = static check => check.Tags.Contains(ReadinessTag),
            ResponseWriter = HealthAnswer.WriteAsync,
        }).WithMetadata(methods);
    }
}
