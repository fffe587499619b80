namespace SignalRPub.Actions;

/// <summary>
/// The groups a connection belongs to (one per topic, and <c>$conn:</c>, <c>$user:</c>, <c>$all</c>): where pushes
/// find it. SignalR's groups behind it, in-memory on one node or over the Redis backplane on a cluster. A change may
/// fail (the backplane unreachable); the caller then undoes what it had done.
/// </summary>
internal interface IGroupMembership
{
    Task AddAsync(string connectionId, string group, CancellationToken cancellationToken);

    Task RemoveAsync(string connectionId, string group, CancellationToken cancellationToken);
}
