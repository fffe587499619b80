namespace SignalRPub.Cluster;

/// <summary>
/// Where each connection lives (connection → node) and which connections a user has (user → connections), across
/// the cluster. On one node it is the node's own registry (<see cref="LocalConnectionDirectory"/>); on a cluster it
/// is kept in Redis. Changes are posted as they happen and may reach the shared directory a moment later; a node
/// that goes away takes its entries with it once it is known to be gone.
/// </summary>
internal interface IConnectionDirectory
{
    /// <summary>A connection opened on this node.</summary>
    void Added(string connectionId);

    /// <summary>A connection of this node now belongs to <paramref name="userId"/> (instead of <paramref name="previousUserId"/>).</summary>
    void UserChanged(string connectionId, string? previousUserId, string? userId);

    /// <summary>A connection of this node ended.</summary>
    void Removed(string connectionId, string? userId);

    /// <summary>The live node the connection is on, or null when no live node has it.</summary>
    Task<string?> FindNodeAsync(string connectionId, CancellationToken cancellationToken);

    /// <summary>The connections of <paramref name="userId"/> on live nodes.</summary>
    Task<IReadOnlyList<string>> FindUserAsync(string userId, CancellationToken cancellationToken);
}
