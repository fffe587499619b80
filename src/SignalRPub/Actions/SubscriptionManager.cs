using SignalRPub.Cluster;
using SignalRPub.Connections;
using SignalRPub.Protocol;
using SignalRPub.Routing;

namespace SignalRPub.Actions;

/// <summary>
/// Applies subscription actions to a connection's topic set and mirrors the difference into its groups (one per
/// topic). A change is made whole or not at all, in this order, under the connection's commit lock: the groups first
/// (leaving topics before joining ones, so they stop at once), then the connection's set, then the counts. A change
/// once begun is finished whatever happens to the caller (no cancellation token reaches it); one the groups refuse is
/// undone and reported as <see cref="GroupChangeFailedException"/>, leaving groups, set and counts as they were.
/// </summary>
internal sealed class SubscriptionManager(IGroupMembership groups, IConnectionDirectory directory, GatewayStats stats)
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

    /// <summary>
    /// Replaces the connection's set with <paramref name="next"/>. Returns false, changing nothing, when the connection
    /// ended before the change could begin.
    /// </summary>
    public async Task<bool> ApplyAsync(ConnectionState connection, HashSet<string> next)
    {
        await connection.CommitLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (connection.IsDisconnected)
            {
                return false;
            }

            var current = connection.Topics;
            Share(next, current);
            var changes = new GroupChanges(groups, connection.ConnectionId);
            await changes.RunAsync(
                current.Where(t => !next.Contains(t)).Select(t => (t, false))
                    .Concat(next.Where(t => !current.Contains(t)).Select(t => (t, true)))).ConfigureAwait(false);

            connection.SetTopics(new TopicSet(next));
            foreach (var (topic, joined) in changes.Made)
            {
                if (joined)
                {
                    stats.Subscribed(topic);
                }
                else
                {
                    stats.Unsubscribed(topic);
                }
            }

            return true;
        }
        finally
        {
            connection.CommitLock.Release();
        }
    }

    // A topic joined that other connections of the node hold is kept (here and in the groups) as their string, not
    // as this request's copy: ten thousand connections on a topic then hold one string, not ten thousand.
    private void Share(HashSet<string> next, IReadOnlySet<string> current)
    {
        List<string>? copies = null;
        foreach (var topic in next)
        {
            if (!current.Contains(topic) && !ReferenceEquals(stats.Shared(topic), topic))
            {
                (copies ??= []).Add(topic);
            }
        }

        foreach (var copy in copies ?? [])
        {
            next.Remove(copy);
            next.Add(stats.Shared(copy));
        }
    }

    /// <summary>
    /// Joins the groups every registered connection has: itself, <c>$all</c>, and its user's. Returns false, changing
    /// nothing, when the connection ended before it could begin.
    /// </summary>
    public async Task<bool> RegisterAsync(ConnectionState connection, string? userId)
    {
        await connection.CommitLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (connection.IsDisconnected)
            {
                return false;
            }

            var id = connection.ConnectionId;
            var previousUser = connection.UserId;
            userId ??= previousUser;
            var wanted = new List<(string Group, bool Join)>();
            if (!connection.IsRegistered)
            {
                wanted.Add((TopicRules.ForConnection(id), true));
                wanted.Add((TopicRules.All, true));
            }

            if (previousUser is not null && previousUser != userId)
            {
                wanted.Add((TopicRules.ForUser(previousUser), false));
            }

            if (userId is not null && userId != previousUser)
            {
                wanted.Add((TopicRules.ForUser(userId), true));
            }

            await new GroupChanges(groups, id).RunAsync(wanted).ConfigureAwait(false);
            connection.MarkRegistered(userId);
            if (userId != previousUser)
            {
                directory.UserChanged(id, previousUser, userId);
            }

            return true;
        }
        finally
        {
            connection.CommitLock.Release();
        }
    }

    /// <summary>
    /// Marks the connection gone once no change is under way, and takes its topics out of the counts: a change that
    /// was running finishes first, and none begins afterwards. Its groups are left to the hub, which drops them.
    /// </summary>
    public async Task DisconnectedAsync(ConnectionState connection)
    {
        await connection.CommitLock.WaitAsync().ConfigureAwait(false);
        try
        {
            connection.MarkDisconnected();
            foreach (var topic in connection.Topics)
            {
                stats.Unsubscribed(topic);
            }
        }
        finally
        {
            connection.CommitLock.Release();
        }
    }
}
