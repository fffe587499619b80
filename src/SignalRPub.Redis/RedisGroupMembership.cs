using SignalRPub.Actions;
using SignalRPub.Hubs;
using StackExchange.Redis;

namespace SignalRPub.Redis;

/// <summary>
/// Group changes on a cluster: refused at once while Redis cannot be reached, so an action answers 503 and changes
/// nothing instead of half-joining groups the backplane cannot subscribe; otherwise made by the hub as on one node.
/// </summary>
internal sealed class RedisGroupMembership(HubGroupMembership hub, RedisConnection redis) : IGroupMembership
{
    public Task AddAsync(string connectionId, string group, CancellationToken cancellationToken) =>
        redis.IsConnected ? hub.AddAsync(connectionId, group, cancellationToken) : Unavailable();

    public Task RemoveAsync(string connectionId, string group, CancellationToken cancellationToken) =>
        redis.IsConnected ? hub.RemoveAsync(connectionId, group, cancellationToken) : Unavailable();

    private static Task Unavailable() =>
        Task.FromException(new RedisConnectionException(ConnectionFailureType.UnableToConnect, "Redis cannot be reached."));
}
