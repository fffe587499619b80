using Refit;

namespace SignalRPub.Client.Internal;

/// <summary>The publish API as Refit calls it (docs/protocol.md §8); the body is written and the answer read by <see cref="ApiAnswers"/>.</summary>
internal interface IPublishApi
{
    [Post("/api/v1/publish")]
    Task<HttpResponseMessage> PublishAsync([Body] HttpContent body, CancellationToken cancellationToken);
}
