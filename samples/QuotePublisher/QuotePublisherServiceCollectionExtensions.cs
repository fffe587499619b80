using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SignalRPub.Client;
using SignalRPub.Samples.QuotePublisher;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the quote publisher: its options, the publish client, and the worker.</summary>
internal static class QuotePublisherServiceCollectionExtensions
{
    /// <summary>Adds the worker with options from section <c>QuotePublisher</c> of <paramref name="configuration"/>, checked at start.</summary>
    public static IServiceCollection AddQuotePublisher(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QuotePublisherOptions>()
            .Bind(configuration.GetSection(QuotePublisherOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSignalRPubPublisher(_ => { });
        services.AddOptions<SignalRPubPublisherOptions>().Configure<IOptions<QuotePublisherOptions>>((publisher, quotes) =>
        {
            publisher.BaseAddress = quotes.Value.GatewayUrl;
            publisher.ApiKey = quotes.Value.ApiKey;
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<QuoteWorker>();
        return services;
    }
}
