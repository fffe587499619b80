using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SignalRPub.Connections;
using SignalRPub.Internal;
using SignalRPub.Protocol;

namespace SignalRPub.Admin;

/// <summary>Operations endpoints on the admin listener: one connection, one topic, and the gateway's totals.</summary>
internal static class OperationsApi
{
    public static void Map(IEndpointRouteBuilder endpoints, ConnectionRegistry registry, GatewayStats stats, FrameBufferPool buffers)
    {
        var ops = endpoints.MapGroup("/signalrpub");
        ops.MapGet("/connections/{id}", (string id, HttpContext context) =>
        {
            var connection = registry.Find(id);
            if (connection is null)
            {
                return HttpAnswers.ErrorAsync(context, ErrorCodes.NotFound, "no such connection on this node");
            }

            var topics = connection.Topics.ToArray();
            Array.Sort(topics, StringComparer.Ordinal);
            return Json(context, new
            {
                connectionId = connection.ConnectionId,
                kind = connection.IsRaw ? "raw" : "hub",
                entry = connection.EntryId,
                registered = connection.IsRegistered,
                userId = connection.UserId,
                remoteIp = connection.RemoteIp,
                connectedAt = connection.ConnectedAt,
                topics,
            });
        });
        ops.MapGet("/topics/{**topic}", (string topic, HttpContext context) =>
            Json(context, new { topic, subscribers = stats.SubscribersOf(topic) }));
        ops.MapGet("/stats", (HttpContext context) => Json(context, new
        {
            connections = registry.Count,
            registered = registry.All.Count(c => c.IsRegistered),
            topics = stats.TopicCount,
            messagesIn = stats.MessagesIn,
            messagesOut = stats.MessagesOut(registry),
            slowConsumers = stats.SlowConsumers,
            gcGen0 = GC.CollectionCount(0),
            gcGen1 = GC.CollectionCount(1),
            gcGen2 = GC.CollectionCount(2),
            gcMode = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation",
            gcAllocatedBytes = GC.GetTotalAllocatedBytes(),
            gcHeapBytes = GC.GetTotalMemory(forceFullCollection: false),
            bufferPoolBytes = (long)buffers.Retained * FrameBufferPool.BlockSize,
            gcHeapAfterLastGcBytes = GC.GetGCMemoryInfo().HeapSizeBytes,
            gcHeapAfterLastFullGcBytes = HeapAfterLastFullGc(),
            threadPoolThreads = ThreadPool.ThreadCount,
            threadPoolPendingWorkItems = ThreadPool.PendingWorkItemCount,
            unregistered = registry.Unregistered,
        }));
    }

    // A full collection is either blocking or background; the later of the two left only live data behind it.
    private static long HeapAfterLastFullGc()
    {
        var blocking = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        var background = GC.GetGCMemoryInfo(GCKind.Background);
        var last = blocking.Index >= background.Index ? blocking : background;
        return last.Index == 0 ? 0 : last.HeapSizeBytes;
    }

    private static Task Json<T>(HttpContext context, T value) => HttpAnswers.WriteAsync(context, 200, JsonSerializer.SerializeToUtf8Bytes(value, JsonSerializerOptions.Web));
}
