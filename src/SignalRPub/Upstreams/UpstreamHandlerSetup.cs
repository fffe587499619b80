using System.Collections.Concurrent;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using SignalRPub.Routing;

namespace SignalRPub.Upstreams;

/// <summary>
/// Configures the handler of each upstream's named client: a pooled <see cref="SocketsHttpHandler"/> whose
/// connect timeout is the upstream's <c>timeout.connect</c>, and the handler that aims each attempt.
/// </summary>
internal sealed class UpstreamHandlerSetup : IConfigureNamedOptions<HttpClientFactoryOptions>
{
    public const string NamePrefix = "SignalRPub.Upstream:";

    private readonly ConcurrentDictionary<string, UpstreamConfig> _upstreams = new(StringComparer.Ordinal);

    public string NameFor(UpstreamConfig upstream)
    {
        var name = NamePrefix + upstream.Key;
        _upstreams.TryAdd(name, upstream);
        return name;
    }

    public void Configure(string? name, HttpClientFactoryOptions options)
    {
        if (name is null || !_upstreams.TryGetValue(name, out var upstream))
        {
            return;
        }

        options.HttpMessageHandlerBuilderActions.Add(builder =>
        {
            builder.PrimaryHandler = new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(upstream.Timeout.Connect),
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                UseProxy = false,
                AllowAutoRedirect = false,
            };
            builder.AdditionalHandlers.Add(new UpstreamTargetHandler());
        });
    }

    public void Configure(HttpClientFactoryOptions options) => Configure(Options.DefaultName, options);
}
