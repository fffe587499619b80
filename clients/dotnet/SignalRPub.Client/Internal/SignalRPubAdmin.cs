using System.Text.Json;

namespace SignalRPub.Client.Internal;

/// <summary><see cref="ISignalRPubAdmin"/> over the Refit client of the admin API.</summary>
internal sealed class SignalRPubAdmin(IAdminApi api) : ISignalRPubAdmin
{
    public async Task<JsonElement> GetRoutesAsync(string? label = null, CancellationToken cancellationToken = default) =>
        await ApiAnswers.ReadAsync(api.GetRoutesAsync(label, cancellationToken), cancellationToken).ConfigureAwait(false);

    public async Task<JsonElement> GetRouteAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return await ApiAnswers.ReadAsync(api.GetRouteAsync(id, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonElement> PutRouteAsync(string id, object route, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(route);
        using var content = ApiAnswers.Json(route);
        return await ApiAnswers.ReadAsync(api.PutRouteAsync(id, content, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonElement> DeleteRouteAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return await ApiAnswers.ReadAsync(api.DeleteRouteAsync(id, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonElement> GetStatsAsync(CancellationToken cancellationToken = default) =>
        await ApiAnswers.ReadAsync(api.GetStatsAsync(cancellationToken), cancellationToken).ConfigureAwait(false);

    public async Task<JsonElement> GetConnectionAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        return await ApiAnswers.ReadAsync(api.GetConnectionAsync(connectionId, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonElement> GetTopicAsync(string topic, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        return await ApiAnswers.ReadAsync(api.GetTopicAsync(topic, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonElement> GetUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return await ApiAnswers.ReadAsync(api.GetUserAsync(userId, cancellationToken), cancellationToken).ConfigureAwait(false);
    }
}
