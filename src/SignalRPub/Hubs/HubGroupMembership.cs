using Microsoft.AspNetCore.SignalR;
using SignalRPub.Actions;

namespace SignalRPub.Hubs;

/// <summary>Group membership as the hub's lifetime manager keeps it (in memory, or over the Redis backplane).</summary>
internal sealed class HubGroupMembership(IHubContext<PubHub> hub) : IGroupMembership
{
    public Task AddAsync(string connectionId, string group, CancellationToken cancellationToken) =>
        hub.Groups.AddToGroupAsync(connectionId, group, cancellationToken);

    public Task RemoveAsync(string connectionId, string group, CancellationToken cancellationToken) =>
        hub.Groups.RemoveFromGroupAsync(connectionId, group, cancellationToken);
}
