using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SignalRPub.Cluster;
using SignalRPub.Internal;
using SignalRPub.Protocol;

namespace SignalRPub.Admin;

/// <summary>Operations endpoints on the admin listener: one connection, one user's, one topic, and the totals, all cluster-wide.</summary>
internal static class OperationsApi
{
    public static void Map(IEndpointRouteBuilder endpoints, ClusterOperations cluster)
    {
        var ops = endpoints.MapGroup("/signalrpub");
        ops.MapGet("/connections/{id}", async (string id, HttpContext context) =>
        {
            try
            {
                if (await cluster.ConnectionAsync(id, context.RequestAborted) is { } connection)
                {
                    await Json(context, connection);
                    return;
                }
            }
            catch (ClusterUnavailableException)
            {
                await HttpAnswers.ErrorAsync(context, ErrorCodes.Unavailable, "the connection's node cannot be asked now; try again");
                return;
            }

            await HttpAnswers.ErrorAsync(context, ErrorCodes.NotFound, "no such connection in the cluster");
        });
        ops.MapGet("/users/{id}", async (string id, HttpContext context) =>
        {
            try
            {
                await Json(context, await cluster.UserAsync(id, context.RequestAborted));
            }
            catch (ClusterUnavailableException)
            {
                await HttpAnswers.ErrorAsync(context, ErrorCodes.Unavailable, "the cluster's Redis cannot be reached; try again");
            }
        });
        ops.MapGet("/topics/{**topic}", async (string topic, HttpContext context) =>
            await Json(context, await cluster.TopicAsync(topic, context.RequestAborted)));
        ops.MapGet("/stats", async (HttpContext context) => await Json(context, await cluster.StatsAsync(context.RequestAborted)));
    }

    private static Task Json<T>(HttpContext context, T value) => HttpAnswers.WriteAsync(context, 200, JsonSerializer.SerializeToUtf8Bytes(value, AdminJson.Answers));
}
