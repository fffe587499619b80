using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SignalRPub.Hubs;
using SignalRPub.Protocol;

namespace SignalRPub.Tests.Redis;

public class RedisServiceRegistrationTests
{
    [Fact]
    public void AddSignalRPubRedis_WithConfiguration_KeepsOneProtocolPerNameAndTheGatewaysWrappedJson()
    {
        using var provider = Build(new() { ["SignalRPub:Redis:Configuration"] = "localhost:1" }).BuildServiceProvider();

        var names = provider.GetServices<IHubProtocol>().Select(p => p.Name).ToList();
        Assert.Equal(names.Distinct(StringComparer.OrdinalIgnoreCase), names);
        var resolver = provider.GetRequiredService<IHubProtocolResolver>();
        Assert.IsType<CloseAfterResponseHubProtocol>(resolver.GetProtocol("json", null));
        Assert.IsType<CloseAfterResponseHubProtocol>(resolver.GetProtocol("messagepack", null));
    }

    [Fact]
    public void AddSignalRPubRedis_WithConfiguration_UsesTheRedisBackplane()
    {
        var services = Build(new() { ["SignalRPub:Redis:Configuration"] = "localhost:1" });

        // The last registration is the one resolved.
        var manager = services.Last(d => d.ServiceType == typeof(HubLifetimeManager<>));
        Assert.Equal(typeof(RedisHubLifetimeManager<>), manager.ImplementationType);
    }

    [Fact]
    public void AddSignalRPubRedis_WithoutConfiguration_ChangesNothing()
    {
        var configuration = Configuration([]);
        var services = new ServiceCollection().AddLogging().AddSignalRPub(configuration);
        var before = services.ToList();

        services.AddSignalRPubRedis(configuration);

        Assert.Equal(before, services);
    }

    private static ServiceCollection Build(Dictionary<string, string?> settings)
    {
        var configuration = Configuration(settings);
        var services = new ServiceCollection();
        services.AddLogging().AddSignalRPub(configuration).AddSignalRPubRedis(configuration);
        return services;
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
