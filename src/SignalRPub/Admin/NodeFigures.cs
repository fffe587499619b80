using System.Text.Json.Nodes;
using SignalRPub.Connections;

namespace SignalRPub.Admin;

/// <summary>What one node reports of itself to the operations API: its connections and counts, its runtime's figures.</summary>
internal sealed class NodeFigures(ConnectionRegistry registry, GatewayStats stats, FrameBufferPool buffers)
{
    /// <summary>The figures that add up across nodes, in the order the stats answer gives them.</summary>
    public static readonly string[] Summed = ["connections", "registered", "unregistered", "subscriptions", "messagesIn", "messagesOut", "bytesOut", "slowConsumers"];

    private static readonly ConnectionKind[] s_kinds = Enum.GetValues<ConnectionKind>();

    public JsonObject Stats(string nodeId)
    {
        // The counts signalrpub.connections reports, summed over its tags (read once, so the three add up).
        var open = s_kinds.Sum(registry.OpenOf);
        var unregistered = s_kinds.Sum(registry.UnregisteredOf);
        return Stats(nodeId, open, unregistered);
    }

    /// <summary>The topics subscribed on this node, for the cluster's count of distinct topics.</summary>
    public JsonArray TopicNames() => [.. stats.Topics.Select(t => (JsonNode?)t)];

    private JsonObject Stats(string nodeId, int open, int unregistered) => new()
    {
        ["node"] = nodeId,
        ["connections"] = open,
        ["registered"] = open - unregistered,
        ["unregistered"] = unregistered,
        ["topics"] = stats.TopicCount,
        ["subscriptions"] = stats.SubscriptionCount,
        ["messagesIn"] = stats.MessagesIn,
        ["messagesOut"] = stats.MessagesOut(registry),
        ["slowConsumers"] = stats.SlowConsumers,
        ["bytesOut"] = stats.BytesOut(registry, raw: true) + stats.BytesOut(registry, raw: false),
        ["gcGen0"] = GC.CollectionCount(0),
        ["gcGen1"] = GC.CollectionCount(1),
        ["gcGen2"] = GC.CollectionCount(2),
        ["gcMode"] = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation",
        ["gcAllocatedBytes"] = GC.GetTotalAllocatedBytes(),
        ["gcHeapBytes"] = GC.GetTotalMemory(forceFullCollection: false),
        ["bufferPoolBytes"] = (long)buffers.Retained * FrameBufferPool.BlockSize,
        ["gcHeapAfterLastGcBytes"] = GC.GetGCMemoryInfo().HeapSizeBytes,
        ["gcHeapAfterLastFullGcBytes"] = HeapAfterLastFullGc(),
        ["threadPoolThreads"] = ThreadPool.ThreadCount,
        ["threadPoolPendingWorkItems"] = ThreadPool.PendingWorkItemCount,
    };


    public JsonObject? Connection(string nodeId, string connectionId)
    {
        if (registry.Find(connectionId) is not { } connection)
        {
            return null;
        }

        var topics = connection.Topics.ToArray();
        Array.Sort(topics, StringComparer.Ordinal);
        return new JsonObject
        {
            ["connectionId"] = connection.ConnectionId,
            ["node"] = nodeId,
            ["kind"] = connection.IsRaw ? "raw" : "hub",
            ["entry"] = connection.EntryId,
            ["registered"] = connection.IsRegistered,
            ["userId"] = connection.UserId,
            ["remoteIp"] = connection.RemoteIp,
            ["connectedAt"] = connection.ConnectedAt,
            ["topics"] = new JsonArray([.. topics.Select(t => (JsonNode?)t)]),
        };
    }

    public int SubscribersOf(string topic) => stats.SubscribersOf(topic);

    /// <summary>The <paramref name="top"/> topics of this node with the most subscribers, most first (ties by name).</summary>
    public JsonArray TopTopics(int top) =>
    [
        .. stats.Topics
            .Select(topic => (Topic: topic, Subscribers: stats.SubscribersOf(topic)))
            .Where(t => t.Subscribers > 0)
            .OrderByDescending(t => t.Subscribers)
            .ThenBy(t => t.Topic, StringComparer.Ordinal)
            .Take(top)
            .Select(t => (JsonNode?)new JsonObject { ["topic"] = t.Topic, ["subscribers"] = t.Subscribers }),
    ];

    // A full collection is either blocking or background; the later of the two left only live data behind it.
    private static long HeapAfterLastFullGc()
    {
        var blocking = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        var background = GC.GetGCMemoryInfo(GCKind.Background);
        var last = blocking.Index >= background.Index ? blocking : background;
        return last.Index == 0 ? 0 : last.HeapSizeBytes;
    }
}
