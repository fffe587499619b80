using Refit;

namespace SignalRPub.Upstreams;

/// <summary>
/// The forward call of PROTOCOL.md §7 as a Refit interface. The node and the path with the client's query
/// are chosen per attempt and carried in <see cref="UpstreamTargetHandler.TargetKey"/>.
/// </summary>
internal interface IUpstreamApi
{
    [Post("/")]
    Task<HttpResponseMessage> ForwardAsync(
        [Body] HttpContent body,
        [HeaderCollection] IDictionary<string, string> headers,
        [Property(UpstreamTargetHandler.TargetKey)] Uri target,
        CancellationToken cancellationToken);
}
