using System.Text.Json;
using System.Text.Json.Nodes;
using SignalRPub.Cluster;

namespace SignalRPub.Admin;

/// <summary>
/// The operations API's view of the whole cluster: a connection (or a user's) is found on whichever node holds it,
/// and a topic's subscribers and the totals are summed over the live nodes, each of which reports its own figures too. A node that
/// does not answer within <see cref="NodeTimeout"/> is listed as unreachable rather than waited for.
/// </summary>
internal sealed class ClusterOperations
{
    public static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(1);

    private const string ConnectionKind = "ops.connection";
    private const string TopicKind = "ops.topic";
    private const string StatsKind = "ops.stats";
    private const string TopTopicsKind = "ops.toptopics";

    private readonly IClusterBus _bus;
    private readonly IConnectionDirectory _directory;
    private readonly NodeFigures _figures;

    public ClusterOperations(IClusterBus bus, IConnectionDirectory directory, NodeFigures figures)
    {
        _bus = bus;
        _directory = directory;
        _figures = figures;
        bus.Handle(ConnectionKind, (payload, _) => Task.FromResult(Serialize(_figures.Connection(_bus.NodeId, JsonSerializer.Deserialize<string>(payload.Span)!))));
        bus.Handle(TopicKind, (payload, _) => Task.FromResult(Serialize(JsonValue.Create(_figures.SubscribersOf(JsonSerializer.Deserialize<string>(payload.Span)!)))));
        bus.Handle(TopTopicsKind, (payload, _) => Task.FromResult(Serialize(_figures.TopTopics(JsonSerializer.Deserialize<int>(payload.Span)))));
        bus.Handle(StatsKind, (_, _) =>
        {
            var stats = _figures.Stats(_bus.NodeId);
            stats["topicNames"] = _figures.TopicNames();
            return Task.FromResult(Serialize(stats));
        });
    }

    /// <summary>
    /// The connection on whichever live node holds it, or null. Throws <see cref="ClusterUnavailableException"/> when
    /// that cannot be told now (Redis unreachable, or the connection's node not answering within <see cref="NodeTimeout"/>).
    /// </summary>
    public async Task<JsonObject?> ConnectionAsync(string connectionId, CancellationToken cancellationToken)
    {
        if (_figures.Connection(_bus.NodeId, connectionId) is { } local)
        {
            return local;
        }

        if (await _directory.FindNodeAsync(connectionId, cancellationToken).ConfigureAwait(false) is not { } node || node == _bus.NodeId)
        {
            return null;
        }

        try
        {
            var reply = await _bus.RequestAsync(node, ConnectionKind, JsonSerializer.SerializeToUtf8Bytes(connectionId), NodeTimeout, cancellationToken).ConfigureAwait(false);
            return JsonNode.Parse(reply) as JsonObject;
        }
        catch (TimeoutException ex)
        {
            throw new ClusterUnavailableException($"The node {node} did not answer within {NodeTimeout.TotalSeconds:0} s.", ex);
        }
    }

    /// <summary>
    /// The connections of a user (the <c>userId</c> an upstream named at registration) on every live node, sorted by
    /// id; those whose node does not answer in time are listed by id alone. Throws <see cref="ClusterUnavailableException"/>
    /// when Redis cannot be reached.
    /// </summary>
    public async Task<JsonObject> UserAsync(string userId, CancellationToken cancellationToken)
    {
        var ids = await _directory.FindUserAsync(userId, cancellationToken).ConfigureAwait(false);
        var found = await Task.WhenAll(ids.Order(StringComparer.Ordinal).Select(async id =>
        {
            try
            {
                return (Id: id, Connection: await ConnectionAsync(id, cancellationToken).ConfigureAwait(false), Reached: true);
            }
            catch (ClusterUnavailableException)
            {
                return (Id: id, Connection: null, Reached: false);
            }
        })).ConfigureAwait(false);

        // A connection that closed between the two lookups (or whose user changed since) is simply not listed.
        var connections = new JsonArray([.. found.Where(f => f.Connection?["userId"]?.GetValue<string>() == userId).Select(f => (JsonNode?)f.Connection)]);
        var unreachable = new JsonArray([.. found.Where(f => !f.Reached).Select(f => (JsonNode?)f.Id)]);
        return new JsonObject { ["userId"] = userId, ["connections"] = connections, ["unreachableConnections"] = unreachable };
    }

    /// <summary>A topic's subscribers on every live node, and their sum.</summary>
    public async Task<JsonObject> TopicAsync(string topic, CancellationToken cancellationToken)
    {
        var (answers, unreachable) = await GatherAsync(TopicKind, JsonSerializer.SerializeToUtf8Bytes(topic), cancellationToken).ConfigureAwait(false);
        var nodes = new JsonArray();
        var total = 0;
        foreach (var (node, answer) in answers)
        {
            var subscribers = answer?.GetValue<int>() ?? 0;
            total += subscribers;
            nodes.Add(new JsonObject { ["node"] = node, ["subscribers"] = subscribers });
        }

        return new JsonObject { ["topic"] = topic, ["subscribers"] = total, ["nodes"] = nodes, ["unreachableNodes"] = unreachable };
    }

    /// <summary>
    /// The <paramref name="top"/> topics with the most subscribers: each live node names its own top ones, and their
    /// subscribers are summed. Exact on one node; on a cluster a topic in no node's top list is missing, and one in
    /// some nodes' lists only counts theirs.
    /// </summary>
    public async Task<JsonObject> TopTopicsAsync(int top, CancellationToken cancellationToken)
    {
        var (answers, unreachable) = await GatherAsync(TopTopicsKind, JsonSerializer.SerializeToUtf8Bytes(top), cancellationToken).ConfigureAwait(false);
        var sums = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (_, answer) in answers)
        {
            foreach (var entry in answer as JsonArray ?? [])
            {
                var topic = entry!["topic"]!.GetValue<string>();
                sums[topic] = sums.GetValueOrDefault(topic) + entry["subscribers"]!.GetValue<int>();
            }
        }

        var topics = new JsonArray([.. sums
            .OrderByDescending(p => p.Value)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(top)
            .Select(p => (JsonNode?)new JsonObject { ["topic"] = p.Key, ["subscribers"] = p.Value })]);
        return new JsonObject
        {
            ["top"] = top,
            ["topics"] = topics,
            ["nodes"] = new JsonArray([.. answers.Select(a => (JsonNode?)a.Node)]),
            ["unreachableNodes"] = unreachable,
        };
    }

    /// <summary>
    /// The cluster's totals (connections, counts, distinct topics), this node's runtime figures at the top as a single
    /// node gives them, and every live node's own figures under <c>nodes</c>.
    /// </summary>
    public async Task<JsonObject> StatsAsync(CancellationToken cancellationToken)
    {
        var (answers, unreachable) = await GatherAsync(StatsKind, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        var result = _figures.Stats(_bus.NodeId);
        var nodes = new JsonArray();
        var topics = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in NodeFigures.Summed)
        {
            result[name] = 0L;
        }

        foreach (var (_, answer) in answers)
        {
            if (answer is not JsonObject node)
            {
                continue;
            }

            foreach (var name in NodeFigures.Summed)
            {
                result[name] = result[name]!.GetValue<long>() + (node[name]?.GetValue<long>() ?? 0);
            }

            if (node["topicNames"] is JsonArray names)
            {
                topics.UnionWith(names.Select(n => n!.GetValue<string>()));
                node.Remove("topicNames");
            }

            nodes.Add(node);
        }

        result["topics"] = topics.Count;
        result["clusterAvailable"] = _bus.IsAvailable;
        result["nodes"] = nodes;
        result["unreachableNodes"] = unreachable;
        return result;
    }

    private async Task<(List<(string Node, JsonNode? Answer)> Answers, JsonArray Unreachable)> GatherAsync(string kind, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> nodes;
        try
        {
            nodes = await _bus.LiveNodesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterUnavailableException)
        {
            // Without the cluster this node still knows itself.
            nodes = [_bus.NodeId];
        }

        var asks = nodes.Select(async node =>
        {
            try
            {
                var reply = await _bus.RequestAsync(node, kind, payload, NodeTimeout, cancellationToken).ConfigureAwait(false);
                return (node, Answer: JsonNode.Parse(reply), Reached: true);
            }
            catch (Exception ex) when (ex is ClusterUnavailableException or TimeoutException)
            {
                return (node, Answer: (JsonNode?)null, Reached: false);
            }
        }).ToList();
        var answered = await Task.WhenAll(asks).ConfigureAwait(false);
        var unreachable = new JsonArray([.. answered.Where(a => !a.Reached).Select(a => (JsonNode?)a.node)]);
        return ([.. answered.Where(a => a.Reached).OrderBy(a => a.node, StringComparer.Ordinal).Select(a => (a.node, a.Answer))], unreachable);
    }

    private static byte[] Serialize(JsonNode? node) => node is null ? "null"u8.ToArray() : JsonSerializer.SerializeToUtf8Bytes(node);
}
