using SignalRPub.Connections;

namespace SignalRPub.Cluster;

/// <summary>The directory of a single node: its own registry.</summary>
internal sealed class LocalConnectionDirectory(ConnectionRegistry registry) : IConnectionDirectory
{
    public void Added(string connectionId)
    {
    }

    public void UserChanged(string connectionId, string? previousUserId, string? userId)
    {
    }

    public void Removed(string connectionId, string? userId)
    {
    }

    public Task<string?> FindNodeAsync(string connectionId, CancellationToken cancellationToken) =>
        Task.FromResult(registry.Find(connectionId) is null ? null : LocalClusterBus.LocalNodeId);

    public Task<IReadOnlyList<string>> FindUserAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. registry.All.Where(c => c.UserId == userId).Select(c => c.ConnectionId)]);
}
