using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SignalRPub.Internal;
using SignalRPub.Protocol;
using SignalRPub.Security;

namespace SignalRPub.Admin;

/// <summary>
/// The APISIX-compatible admin API (PROTOCOL.md §9): routes and plugin metadata, answered in APISIX v3 shapes.
/// Every request is checked against the admin key before anything else, so a wrong key never reveals whether a
/// route exists.
/// </summary>
internal static class AdminApi
{
    private const string BearerPrefix = "Bearer ";

    public static void Map(IEndpointRouteBuilder endpoints, RouteCatalog catalog)
    {
        var admin = endpoints.MapGroup("/apisix/admin");
        admin.MapPut("/routes/{id}", (string id, HttpContext context) =>
            ChangeAsync(context, (body, cancellationToken) => catalog.PutAsync(id, body, cancellationToken)));
        admin.MapPost("/routes", (HttpContext context) =>
            ChangeAsync(context, catalog.CreateAsync));
        admin.MapGet("/routes/{id}", (string id, HttpContext context) =>
            WriteAsync(context, catalog.Find(id) is { } route ? new AdminResult(200, RouteCatalog.Entry(route)) : AdminResult.Error(404, $"route {id} not found")));
        admin.MapGet("/routes", (HttpContext context) => WriteAsync(context, RouteList.Answer(catalog.Routes, context.Request.Query)));
        admin.MapDelete("/routes/{id}", async (string id, HttpContext context) =>
            await WriteAsync(context, await catalog.DeleteAsync(id, context.RequestAborted)));
        admin.MapPut("/plugin_metadata/{plugin}", (string plugin, HttpContext context) =>
            ChangeAsync(context, (body, cancellationToken) => catalog.PutPluginMetadataAsync(plugin, body, cancellationToken)));
        admin.MapGet("/plugin_metadata/{plugin}", (string plugin, HttpContext context) =>
            WriteAsync(context, catalog.FindPluginMetadata(plugin) is { } metadata
                ? new AdminResult(200, new JsonObject { ["key"] = $"/apisix/plugin_metadata/{plugin}", ["value"] = metadata.DeepClone() })
                : AdminResult.Error(404, $"no metadata for plugin {plugin}")));
    }

    /// <summary>
    /// Answers 401 unless the request carries the admin key: <c>X-API-KEY</c>, <c>api_key</c> in the query as APISIX
    /// allows, or <c>Authorization: Bearer</c>.
    /// </summary>
    public static RequestDelegate RequireKey(GatewayKeys keys, AuthFailureLimiter authFailures, RequestDelegate next) => context =>
    {
        // An address that sent too many wrong keys is refused before its key is looked at (security.md §5).
        if (authFailures.IsBlocked(context))
        {
            return WriteAsync(context, AdminResult.Error(429, "too many requests with a wrong key from this address"));
        }

        var key = context.Request.Headers[GatewayHeaders.ApiKey].ToString();
        if (key.Length == 0)
        {
            key = context.Request.Query["api_key"].ToString();
        }

        // Prometheus (authorization: credentials) and most scrapers send a bearer token, not a custom header.
        if (key.Length == 0 && context.Request.Headers.Authorization.ToString() is { } authorization
            && authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            key = authorization[BearerPrefix.Length..].Trim();
        }

        if (keys.Admin.Matches(key))
        {
            return next(context);
        }

        authFailures.Failed(context);
        return WriteAsync(context, AdminResult.Error(401, "failed to check token"));
    };

    /// <summary>Reads and checks the body (<see cref="AdminBody"/>); only a body that passed reaches <paramref name="change"/>.</summary>
    private static async Task ChangeAsync(HttpContext context, Func<JsonNode?, CancellationToken, Task<AdminResult>> change)
    {
        var body = await AdminBody.ReadAsync(context.Request, context.RequestAborted);
        await WriteAsync(context, body.Refusal ?? await change(body.Node, context.RequestAborted));
    }

    private static Task WriteAsync(HttpContext context, AdminResult result) =>
        HttpAnswers.WriteAsync(context, result.Status, JsonSerializer.SerializeToUtf8Bytes(result.Body, AdminJson.Answers));
}
