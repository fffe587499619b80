using Refit;

namespace SignalRPub.Client.Internal;

/// <summary>The admin API as Refit calls it (docs/admin.md); bodies are written and answers read by <see cref="ApiAnswers"/>.</summary>
internal interface IAdminApi
{
    [Get("/apisix/admin/routes")]
    Task<HttpResponseMessage> GetRoutesAsync([AliasAs("label")] string? label, CancellationToken cancellationToken);

    [Get("/apisix/admin/routes/{id}")]
    Task<HttpResponseMessage> GetRouteAsync(string id, CancellationToken cancellationToken);

    [Put("/apisix/admin/routes/{id}")]
    Task<HttpResponseMessage> PutRouteAsync(string id, [Body] HttpContent route, CancellationToken cancellationToken);

    [Delete("/apisix/admin/routes/{id}")]
    Task<HttpResponseMessage> DeleteRouteAsync(string id, CancellationToken cancellationToken);

    [Get("/signalrpub/stats")]
    Task<HttpResponseMessage> GetStatsAsync(CancellationToken cancellationToken);

    [Get("/signalrpub/connections/{connectionId}")]
    Task<HttpResponseMessage> GetConnectionAsync(string connectionId, CancellationToken cancellationToken);

    [Get("/signalrpub/topics/{**topic}")]
    Task<HttpResponseMessage> GetTopicAsync(string topic, CancellationToken cancellationToken);

    [Get("/signalrpub/users/{userId}")]
    Task<HttpResponseMessage> GetUserAsync(string userId, CancellationToken cancellationToken);
}
