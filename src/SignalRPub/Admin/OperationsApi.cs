using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SignalRPub.Connections;
using SignalRPub.Internal;
using SignalRPub.Protocol;

namespace SignalRPub.Admin;

/// <summary>Operations endpoints on the admin listener: one connection, one topic, and the totals, all cluster-wide.</summary>
internal static class OperationsApi
{
    public static void Map(IEndpointRouteBuilder endpoints, ClusterOperations cluster)
    {
        var ops = endpoints.MapGroup("/signalrpub");
        ops.MapGet("/connections/{id}", async (string id, HttpContext context) =>
        {
            if (await cluster.ConnectionAsync(id, context.RequestAborted) is { } connection)
            {
                await Json(context, connection);
                return;
            }

            await HttpAnswers.ErrorAsync(context, ErrorCodes.NotFound, "no such connection in the cluster");
        });
        ops.MapGet("/topics/{**topic}", async (string topic, HttpContext context) =>
            await Json(context, await cluster.TopicAsync(topic, context.RequestAborted)));
        ops.MapGet("/stats", async (HttpContext context) => await Json(context, await cluster.StatsAsync(context.RequestAborted)));
    }

    private static Task Json<T>(HttpContext context, T value) => HttpAnswers.WriteAsync(context, 200, JsonSerializer.SerializeToUtf8Bytes(value, JsonSerializerOptions.Web));
}
