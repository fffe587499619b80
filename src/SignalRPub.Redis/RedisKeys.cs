using StackExchange.Redis;

namespace SignalRPub.Redis;

/// <summary>
/// Every key and channel the gateway uses in Redis, in one place, all under the cluster's prefix
/// (<c>SignalRPub:Redis:Prefix</c>), so that several clusters can share one Redis.
/// </summary>
internal sealed class RedisKeys(string prefix)
{
    public string Prefix { get; } = prefix;

    /// <summary>The SignalR backplane's channel prefix: every push crosses nodes under it.</summary>
    public string Backplane => $"{Prefix}:signalr";

    /// <summary>A set of the ids of nodes that have joined (some may since have gone: see <see cref="Node"/>).</summary>
    public RedisKey Nodes => $"{Prefix}:nodes";

    /// <summary>A node's heartbeat: present while the node lives, expiring when it stops beating.</summary>
    public RedisKey Node(string nodeId) => $"{Prefix}:node:{nodeId}";

    /// <summary>A set of the connection ids a node holds.</summary>
    public RedisKey NodeConnections(string nodeId) => $"{Prefix}:node:{nodeId}:conns";

    /// <summary>A hash of one connection: <c>node</c>, and <c>user</c> when it has one.</summary>
    public RedisKey Connection(string connectionId) => $"{Prefix}:conn:{connectionId}";

    /// <summary>A set of the connection ids of one user.</summary>
    public RedisKey User(string userId) => $"{Prefix}:user:{userId}";

    /// <summary>The route document (JSON, the shape of <c>routes.json</c>).</summary>
    public RedisKey Routes => $"{Prefix}:routes";

    /// <summary>The route document's version, raised by one with every save.</summary>
    public RedisKey RoutesVersion => $"{Prefix}:routes:version";

    /// <summary>The secret connection tokens are signed with, when none is configured.</summary>
    public RedisKey TokenSecret => $"{Prefix}:token-secret";

    /// <summary>Held by the node that clears a gone node's entries, so only one does.</summary>
    public RedisKey Sweep(string nodeId) => $"{Prefix}:sweep:{nodeId}";

    /// <summary>Where requests to a node, and replies to it, arrive.</summary>
    public RedisChannel Bus(string nodeId) => RedisChannel.Literal($"{Prefix}:bus:{nodeId}");

    /// <summary>Told a new route document version whenever one is saved.</summary>
    public RedisChannel RoutesChanged => RedisChannel.Literal($"{Prefix}:routes:changed");

    public const string NodeField = "node";
    public const string UserField = "user";
}
