using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SignalRPub.Cluster;
using SignalRPub.Internal;
using SignalRPub.Protocol;

namespace SignalRPub.Admin;

/// <summary>
/// Operations endpoints on the admin listener: one connection, one user's, one topic, the top topics and the totals, all
/// cluster-wide; and the routes in force with their upstream nodes as this node sees them (health, latency).
/// </summary>
internal static class OperationsApi
{
    /// <summary>The most topics <c>/signalrpub/topics?top=N</c> lists.</summary>
    public const int MaxTop = 1000;

    public const int DefaultTop = 10;

    public static void Map(IEndpointRouteBuilder endpoints, ClusterOperations cluster, RoutesReport routes, string nodeId)
    {
        var ops = endpoints.MapGroup("/signalrpub");
        ops.MapGet("/topics", async (HttpContext context) =>
        {
            if (!TryTop(context.Request.Query["top"].ToString(), out var top))
            {
                await HttpAnswers.ErrorAsync(context, ErrorCodes.BadRequest, $"top must be a whole number from 1 to {MaxTop}");
                return;
            }

            await Json(context, await cluster.TopTopicsAsync(top, context.RequestAborted));
        });
        ops.MapGet("/routes", (HttpContext context) => Json(context, routes.Build(nodeId)));
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

    private static bool TryTop(string text, out int top)
    {
        top = DefaultTop;
        return text.Length == 0
            || (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out top) && top is >= 1 and <= MaxTop);
    }

    private static Task Json<T>(HttpContext context, T value) => HttpAnswers.WriteAsync(context, 200, JsonSerializer.SerializeToUtf8Bytes(value, AdminJson.Answers));
}
