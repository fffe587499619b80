using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SignalRPub.Internal;
using SignalRPub.Security;

namespace SignalRPub.Admin;

/// <summary>
/// The APISIX-compatible admin API (PROTOCOL.md §9): routes and plugin metadata, answered in APISIX v3 shapes.
/// Every request is checked against the admin key before anything else, so a wrong key never reveals whether a
/// route exists.
/// </summary>
internal static class AdminApi
{
    public const string ApiKeyHeader = "X-API-KEY";

    private static readonly JsonSerializerOptions s_json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Map(IEndpointRouteBuilder endpoints, RouteCatalog catalog)
    {
        var admin = endpoints.MapGroup("/apisix/admin");
        admin.MapPut("/routes/{id}", async (string id, HttpContext context) =>
            await WriteAsync(context, await ReadJsonAsync(context) is { } body ? await catalog.PutAsync(id, body.Node, context.RequestAborted) : InvalidJson()));
        admin.MapPost("/routes", async (HttpContext context) =>
            await WriteAsync(context, await ReadJsonAsync(context) is { } body ? await catalog.CreateAsync(body.Node, context.RequestAborted) : InvalidJson()));
        admin.MapGet("/routes/{id}", (string id, HttpContext context) =>
            WriteAsync(context, catalog.Find(id) is { } route ? new AdminResult(200, RouteCatalog.Entry(route)) : AdminResult.Error(404, $"route {id} not found")));
        admin.MapGet("/routes", (HttpContext context) => WriteAsync(context, List(catalog, context.Request.Query)));
        admin.MapDelete("/routes/{id}", async (string id, HttpContext context) =>
            await WriteAsync(context, await catalog.DeleteAsync(id, context.RequestAborted)));
        admin.MapPut("/plugin_metadata/{plugin}", async (string plugin, HttpContext context) =>
            await WriteAsync(context, await ReadJsonAsync(context) is { } body ? await catalog.PutPluginMetadataAsync(plugin, body.Node, context.RequestAborted) : InvalidJson()));
        admin.MapGet("/plugin_metadata/{plugin}", (string plugin, HttpContext context) =>
            WriteAsync(context, catalog.FindPluginMetadata(plugin) is { } metadata
                ? new AdminResult(200, new JsonObject { ["key"] = $"/apisix/plugin_metadata/{plugin}", ["value"] = metadata.DeepClone() })
                : AdminResult.Error(404, $"no metadata for plugin {plugin}")));
    }

    /// <summary>Answers 401 unless the request carries the admin key (header, or <c>api_key</c> in the query as APISIX allows).</summary>
    public static RequestDelegate RequireKey(GatewayKeys keys, RequestDelegate next) => context =>
    {
        var key = context.Request.Headers[ApiKeyHeader].ToString();
        if (key.Length == 0)
        {
            key = context.Request.Query["api_key"].ToString();
        }

        return keys.Admin.Matches(key) ? next(context) : WriteAsync(context, AdminResult.Error(401, "failed to check token"));
    };

    private static AdminResult List(RouteCatalog catalog, IQueryCollection query)
    {
        IEnumerable<StoredRoute> routes = catalog.Routes;
        var label = query["label"].ToString();
        if (label.Length > 0)
        {
            var colon = label.IndexOf(':');
            var (name, value) = colon < 0 ? (label, (string?)null) : (label[..colon], label[(colon + 1)..]);
            routes = routes.Where(r => r.Config.Labels.TryGetValue(name, out var v) && (value is null || v == value));
        }

        var all = routes.ToList();
        var pageSize = int.TryParse(query["page_size"], out var size) ? Math.Clamp(size, 1, 500) : 0;
        var page = int.TryParse(query["page"], out var p) ? Math.Max(1, p) : 1;
        var shown = pageSize == 0 ? all : all.Skip((page - 1) * pageSize).Take(pageSize).ToList();
        var list = new JsonArray();
        foreach (var route in shown)
        {
            list.Add(RouteCatalog.Entry(route));
        }

        return new AdminResult(200, new JsonObject { ["total"] = all.Count, ["list"] = list });
    }

    private static AdminResult InvalidJson() => AdminResult.Error(400, "invalid request body: not JSON");

    private static async Task<JsonBody?> ReadJsonAsync(HttpContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.Body);
            var text = await reader.ReadToEndAsync(context.RequestAborted);
            return new JsonBody(JsonNode.Parse(text));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task WriteAsync(HttpContext context, AdminResult result) =>
        HttpAnswers.WriteAsync(context, result.Status, JsonSerializer.SerializeToUtf8Bytes(result.Body, s_json));

    private sealed record JsonBody(JsonNode? Node);
}
