using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Refit;
using SignalRPub.Client;
using SignalRPub.Client.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the publish and admin API clients of SignalRPub, built with Refit over <c>IHttpClientFactory</c>.</summary>
public static class SignalRPubClientServiceCollectionExtensions
{
    private const string ApiKeyHeader = "X-API-KEY";

    /// <summary>
    /// Registers <see cref="ISignalRPubPublisher"/> for <c>POST /api/v1/publish</c>. The options are checked when the
    /// publisher is first resolved (every problem at once). Returns the HTTP client's builder, for handlers and resilience.
    /// </summary>
    public static IHttpClientBuilder AddSignalRPubPublisher(this IServiceCollection services, Action<SignalRPubPublisherOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SignalRPubPublisherOptions>().Configure(configure);
        return AddPublisher(services);
    }

    /// <summary>Registers <see cref="ISignalRPubPublisher"/> with options bound from <paramref name="configuration"/> (<c>BaseAddress</c>, <c>ApiKey</c>).</summary>
    public static IHttpClientBuilder AddSignalRPubPublisher(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SignalRPubPublisherOptions>().Bind(configuration);
        return AddPublisher(services);
    }

    /// <summary>Registers <see cref="ISignalRPubAdmin"/> for the admin listener. Returns the HTTP client's builder.</summary>
    public static IHttpClientBuilder AddSignalRPubAdmin(this IServiceCollection services, Action<SignalRPubAdminOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SignalRPubAdminOptions>().Configure(configure);
        return AddAdmin(services);
    }

    /// <summary>Registers <see cref="ISignalRPubAdmin"/> with options bound from <paramref name="configuration"/> (<c>BaseAddress</c>, <c>ApiKey</c>).</summary>
    public static IHttpClientBuilder AddSignalRPubAdmin(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SignalRPubAdminOptions>().Bind(configuration);
        return AddAdmin(services);
    }

    private static IHttpClientBuilder AddPublisher(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SignalRPubPublisherOptions>, ApiOptionsValidator>());
        services.TryAddTransient<ISignalRPubPublisher, SignalRPubPublisher>();
        return services.AddRefitGeneratedClient<IPublishApi>(ApiJsonContext.Default).ConfigureHttpClient((provider, client) =>
        {
            var options = provider.GetRequiredService<IOptions<SignalRPubPublisherOptions>>().Value;
            client.BaseAddress = options.BaseAddress;
            client.DefaultRequestHeaders.Add(ApiKeyHeader, options.ApiKey);
        });
    }

    private static IHttpClientBuilder AddAdmin(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SignalRPubAdminOptions>, ApiOptionsValidator>());
        services.TryAddTransient<ISignalRPubAdmin, SignalRPubAdmin>();
        return services.AddRefitGeneratedClient<IAdminApi>(ApiJsonContext.Default).ConfigureHttpClient((provider, client) =>
        {
            var options = provider.GetRequiredService<IOptions<SignalRPubAdminOptions>>().Value;
            client.BaseAddress = options.BaseAddress;
            client.DefaultRequestHeaders.Add(ApiKeyHeader, options.ApiKey);
        });
    }
}
