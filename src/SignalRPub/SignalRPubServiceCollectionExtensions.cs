using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SignalRPub.Cluster;
using SignalRPub.Http;
using SignalRPub;
using SignalRPub.Actions;
using SignalRPub.Admin;
using SignalRPub.Connections;
using SignalRPub.Dashboard;
using SignalRPub.Demo;
using SignalRPub.Diagnostics;
using SignalRPub.Health;
using SignalRPub.Hubs;
using SignalRPub.Internal;
using SignalRPub.Protocol;
using SignalRPub.Publishing;
using SignalRPub.RawWebSockets;
using SignalRPub.Routing;
using SignalRPub.Security;
using SignalRPub.Upstreams;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SignalRPub gateway.</summary>
public static class SignalRPubServiceCollectionExtensions
{
    /// <summary>
    /// Adds the gateway's services: the hub and its protocols (json, messagepack, and the raw-frame protocol),
    /// the route table from <c>SignalRPub:Routes</c>, the action pipeline and the publisher, and the health checks of
    /// <c>/readyz</c> (tagged <see cref="Microsoft.AspNetCore.Builder.SignalRPubEndpointRouteBuilderExtensions.ReadinessTag"/>). Options are
    /// bound from the <c>SignalRPub</c> section of <paramref name="configuration"/> and validated at start.
    /// </summary>
    public static IServiceCollection AddSignalRPub(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<SignalRPubOptions>().Bind(configuration.GetSection(SignalRPubOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SignalRPubOptions>, SignalRPubOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // AddHubOptions marks the hub's options as its own, so SignalR reads them instead of the global ones;
        // PubHubOptionsSetup then sets them from ours.
        services.AddSignalR().AddJsonProtocol().AddMessagePackProtocol().AddHubOptions<PubHub>(static _ => { });
        WrapHubProtocols(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHubProtocol, PubFrameHubProtocol>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<HubOptions<PubHub>>, PubHubOptionsSetup>());
        services.TryAddSingleton<DeniedNetworks>();
        services.TryAddSingleton<UpstreamStates>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoadBalancingPolicy, RoundRobinPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoadBalancingPolicy, ConsistentHashPolicy>());

        services.TryAddSingleton<IRouteStore>(sp => sp.GetRequiredService<IOptions<SignalRPubOptions>>().Value.Storage.Provider == "memory"
            ? new MemoryRouteStore()
            : ActivatorUtilities.CreateInstance<FileRouteStore>(sp));
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<RouteCatalog>(sp, configuration));
        services.TryAddSingleton(sp => sp.GetRequiredService<RouteCatalog>().Tables);
        services.TryAddSingleton<GatewayStats>();
        services.AddMetrics();
        services.TryAddSingleton<GatewayMetrics>();
        services.TryAddSingleton<ObservedInstruments>();
        MetricsEndpoint.AddServices(services, configuration.GetSection(SignalRPubOptions.SectionName).GetSection(nameof(SignalRPubOptions.Admin)).Get<AdminOptions>() ?? new AdminOptions());
        services.TryAddSingleton<NodeFigures>();
        services.TryAddSingleton<ClusterOperations>();
        services.TryAddSingleton<AdminServer>();
        services.TryAddSingleton<UpstreamLatencies>();
        services.TryAddSingleton<RoutesReport>();
        services.TryAddSingleton<DashboardEndpoint>();
        services.TryAddSingleton<GatewayKeys>();
        services.TryAddSingleton<ITokenSecret, LocalTokenSecret>();
        services.TryAddSingleton<ConnectionTokens>();
        services.TryAddSingleton<GatewayAdmission>();
        services.TryAddSingleton<AuthFailureLimiter>();
        services.TryAddSingleton<PublishRateLimiter>();
        services.TryAddSingleton<ConnectionRegistry>();
        services.TryAddSingleton<ConnectionLifecycle>();
        services.TryAddSingleton<IGroupMembership, HubGroupMembership>();
        services.TryAddSingleton<SubscriptionManager>();
        services.TryAddSingleton<ActionPipeline>();
        services.TryAddSingleton<ActionDispatcher>();
        services.TryAddSingleton<IClusterBus, LocalClusterBus>();
        services.TryAddSingleton<IConnectionDirectory, LocalConnectionDirectory>();
        services.TryAddSingleton<IUpstreamForwarder, UpstreamForwarder>();
        services.TryAddSingleton<Publisher>();
        services.TryAddSingleton<IPublisher>(sp => sp.GetRequiredService<Publisher>());
        services.TryAddSingleton<PublishEndpoint>();
        services.TryAddSingleton<HttpActionEndpoint>();
        services.TryAddSingleton<RawWebSocketEndpoint>();

        // Raw upgrades to entry routes below HTTP, on the host's Kestrel listeners (SignalRPub:Gateway:WebSocketUpgrades).
        services.TryAddSingleton<UpgradeConnectionMiddleware>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, UpgradeListenerSetup>());
        services.TryAddSingleton<GatewayRouteEndpoint>();
        services.TryAddSingleton<DemoEndpoint>();
        services.TryAddSingleton<HubOutboundGuardMiddleware>();

        // SignalR takes a hub from the services when they have it; PubHub's constructor is internal.
        services.TryAddTransient(static sp => new PubHub(sp.GetRequiredService<ActionPipeline>(), sp.GetRequiredService<ConnectionLifecycle>()));
        services.TryAddSingleton(_ => new FrameBufferPool());
        services.TryAddSingleton<DisconnectNotifier>();
        services.AddHostedService(sp => sp.GetRequiredService<DisconnectNotifier>());
        services.AddHostedService<ConnectionSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<AdminServer>());
        services.AddHealthChecks()
            .AddCheck<RoutesHealthCheck>(HealthCheckNames.Routes, tags: [HealthCheckNames.ReadyTag])
            .AddCheck<ListenersHealthCheck>(HealthCheckNames.Listeners, tags: [HealthCheckNames.ReadyTag]);
        return services;
    }

    // SignalR's own protocols, wrapped so that a disconnect answer is followed by a close message.
    private static void WrapHubProtocols(IServiceCollection services)
    {
        foreach (var descriptor in services.Where(d => d.ServiceType == typeof(IHubProtocol) && d.ImplementationType is { } t && t != typeof(PubFrameHubProtocol)).ToList())
        {
            var implementation = descriptor.ImplementationType!;
            services.Remove(descriptor);
            services.Add(ServiceDescriptor.Singleton<IHubProtocol>(sp =>
                new CloseAfterResponseHubProtocol((IHubProtocol)ActivatorUtilities.CreateInstance(sp, implementation))));
        }
    }
}
