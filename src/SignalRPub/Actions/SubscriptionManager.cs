using Microsoft.AspNetCore.SignalR;
using SignalRPub.Connections;
using SignalRPub.Hubs;
using SignalRPub.Routing;

namespace SignalRPub.Actions;

/// <summary>
/// Applies subscription actions to a connection's topic set and mirrors the difference into SignalR groups
/// (one group per topic). Callers hold the connection's action gate.
/// </summary>
internal sealed class SubscriptionManager(IHubContext<PubHub> hub, GatewayStats stats)
{
    /// <summary>The topic set after <paramref name="action"/>, or null when it would exceed <paramref name="maxTopics"/>.</summary>
    public static HashSet<string>? Compute(IReadOnlySet<string> current, RouteAction action, IReadOnlyList<string> requested, int maxTopics)
    {
        var next = action switch
        {
            RouteAction.SubAdd => new HashSet<string>(current, StringComparer.Ordinal),
            RouteAction.SubPut => new HashSet<string>(StringComparer.Ordinal),
            RouteAction.SubDelete => new HashSet<string>(current, StringComparer.Ordinal),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "not a subscription action"),
        };

        if (action == RouteAction.SubDelete)
        {
            next.ExceptWith(requested);
        }
        else
        {
            next.UnionWith(requested);
        }

        return next.Count > maxTopics ? null : next;
    }

    /// <summary>Replaces the connection's set with <paramref name="next"/>: leaving topics first, so they stop at once.</summary>
    public async Task ApplyAsync(ConnectionState connection, HashSet<string> next, CancellationToken cancellationToken)
    {
        var current = connection.Topics;
        connection.SetTopics(next);
        foreach (var topic in current)
        {
            if (!next.Contains(topic))
            {
                stats.Unsubscribed(topic);
                await hub.Groups.RemoveFromGroupAsync(connection.ConnectionId, topic, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var topic in next)
        {
            if (!current.Contains(topic))
            {
                stats.Subscribed(topic);
                await hub.Groups.AddToGroupAsync(connection.ConnectionId, topic, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Joins the groups every registered connection has: itself, <c>$all</c>, and its user's.</summary>
    public async Task RegisterAsync(ConnectionState connection, string? userId, CancellationToken cancellationToken)
    {
        var id = connection.ConnectionId;
        var previousUser = connection.UserId;
        if (!connection.IsRegistered)
        {
            await hub.Groups.AddToGroupAsync(id, TopicRules.ForConnection(id), cancellationToken).ConfigureAwait(false);
            await hub.Groups.AddToGroupAsync(id, TopicRules.All, cancellationToken).ConfigureAwait(false);
        }

        userId ??= previousUser;
        if (previousUser is not null && previousUser != userId)
        {
            await hub.Groups.RemoveFromGroupAsync(id, TopicRules.ForUser(previousUser), cancellationToken).ConfigureAwait(false);
        }

        if (userId is not null && userId != previousUser)
        {
            await hub.Groups.AddToGroupAsync(id, TopicRules.ForUser(userId), cancellationToken).ConfigureAwait(false);
        }

        connection.MarkRegistered(userId);
    }
}
