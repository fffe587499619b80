using System.Text.Json;

namespace SignalRPub.Client;

/// <summary>
/// The admin API of a gateway (docs/admin.md): routes and the operations endpoints, on the admin listener with the admin
/// key. Registered by <c>services.AddSignalRPubAdmin(…)</c>. Answers are returned as the JSON the API sends (fields may
/// be added over time); any status other than 2xx throws <see cref="SignalRPubException"/> with the status and the
/// answer's message (<c>error_msg</c>, or <c>error.code</c>/<c>error.message</c> for the operations endpoints).
/// </summary>
public interface ISignalRPubAdmin
{
    /// <summary><c>GET /apisix/admin/routes</c>: <c>{"total","list":[{"key","value"}]}</c>, optionally only routes with <paramref name="label"/> (<c>name:value</c> or <c>name</c>).</summary>
    Task<JsonElement> GetRoutesAsync(string? label = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /apisix/admin/routes/{id}</c>: <c>{"key","value"}</c>; <c>404</c> for an unknown id.</summary>
    Task<JsonElement> GetRouteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /apisix/admin/routes/{id}</c>: creates or replaces the route (any shape of docs/protocol.md §2); returns the stored <c>{"key","value"}</c>.</summary>
    Task<JsonElement> PutRouteAsync(string id, object route, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /apisix/admin/routes/{id}</c>: <c>{"key","deleted":"1"}</c>; <c>404</c> for an unknown id.</summary>
    Task<JsonElement> DeleteRouteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary><c>GET /signalrpub/stats</c>: the totals, in all and per node.</summary>
    Task<JsonElement> GetStatsAsync(CancellationToken cancellationToken = default);

    /// <summary><c>GET /signalrpub/connections/{connectionId}</c>: one connection on whichever node holds it; <c>404</c> when none does.</summary>
    Task<JsonElement> GetConnectionAsync(string connectionId, CancellationToken cancellationToken = default);

    /// <summary><c>GET /signalrpub/topics/{topic}</c>: how many connections subscribe to <paramref name="topic"/>, in all and per node.</summary>
    Task<JsonElement> GetTopicAsync(string topic, CancellationToken cancellationToken = default);

    /// <summary><c>GET /signalrpub/users/{userId}</c>: the connections of one user, on every node.</summary>
    Task<JsonElement> GetUserAsync(string userId, CancellationToken cancellationToken = default);
}
