using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SignalRPub;
using SignalRPub.Actions;
using SignalRPub.Admin;
using SignalRPub.Cluster;
using SignalRPub.Health;
using SignalRPub.Hubs;
using SignalRPub.Redis;
using SignalRPub.Security;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Scale-out of the SignalRPub gateway over Redis.</summary>
public static class SignalRPubRedisServiceCollectionExtensions
{
    /// <summary>
    /// When <c>SignalRPub:Redis:Configuration</c> is set, makes this node one of a cluster: pushes cross nodes over
    /// SignalR's Redis backplane, HTTP actions and the operations API reach connections on any node, routes and the
    /// token secret live in Redis, and <c>/readyz</c> checks that Redis can be reached. When it is empty, nothing changes: a single node without Redis. Call it after
    /// <c>AddSignalRPub</c>, which adds SignalR itself.
    /// </summary>
    public static IServiceCollection AddSignalRPubRedis(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var options = new RedisClusterOptions();
        configuration.GetSection($"{SignalRPubOptions.SectionName}:Redis").Bind(options);
        if (string.IsNullOrWhiteSpace(options.Configuration))
        {
            return services;
        }

        var keys = new RedisKeys(options.Prefix);
        new BackplaneBuilder(services).AddStackExchangeRedis(redis =>
        {
            redis.Configuration = RedisConnection.Configure(options.Configuration);
            redis.Configuration.ChannelPrefix = RedisChannel.Literal(keys.Backplane);
        });

        services.TryAddSingleton<RedisConnection>();
        services.Replace(ServiceDescriptor.Singleton<IClusterBus, RedisClusterBus>());
        services.TryAddSingleton<RedisConnectionDirectory>();
        services.Replace(ServiceDescriptor.Singleton<IConnectionDirectory>(sp => sp.GetRequiredService<RedisConnectionDirectory>()));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<RedisConnectionDirectory>());
        services.Replace(ServiceDescriptor.Singleton<IRouteStore, RedisRouteStore>());
        services.TryAddSingleton<RedisTokenSecret>();
        services.Replace(ServiceDescriptor.Singleton<ITokenSecret>(sp => sp.GetRequiredService<RedisTokenSecret>()));
        services.TryAddSingleton<HubGroupMembership>();
        services.Replace(ServiceDescriptor.Singleton<IGroupMembership, RedisGroupMembership>());
        services.AddHostedService<RedisNodeHeartbeat>();
        services.AddHealthChecks().AddCheck<RedisHealthCheck>(HealthCheckNames.Redis, tags: [HealthCheckNames.ReadyTag]);
        return services;
    }
}
