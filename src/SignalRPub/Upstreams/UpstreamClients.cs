using Refit;
using SignalRPub.Routing;

namespace SignalRPub.Upstreams;

/// <summary>
/// Refit clients for upstreams, made through <see cref="IHttpClientFactory"/>: one named client, so one pooled
/// handler, per upstream (see <see cref="UpstreamHandlerSetup"/>).
/// </summary>
internal sealed class UpstreamClients(IHttpClientFactory factory, UpstreamHandlerSetup handlers)
{
    private static readonly Uri s_placeholder = new("http://upstream.invalid/");

    public IUpstreamApi For(UpstreamConfig upstream)
    {
        var client = factory.CreateClient(handlers.NameFor(upstream));
        client.BaseAddress = s_placeholder;
        client.Timeout = Timeout.InfiniteTimeSpan; // the forwarder times each attempt itself
        return RestService.For<IUpstreamApi>(client);
    }
}
