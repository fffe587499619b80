using System.Text.Json;
using System.Text.Json.Nodes;
using SignalRPub.Protocol;

namespace SignalRPub.Admin;

/// <summary>
/// The stored form of a <see cref="RouteDocument"/>, <c>{"routes":{id:route},"plugin_metadata":{plugin:metadata}}</c>,
/// read with the admin API's own checks: text it could not have written (a hand edit) is refused where it is read,
/// not found later by a writer.
/// </summary>
internal static class RouteDocumentJson
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true, MaxDepth = AdminJson.MaxWrittenDepth };
    private static readonly JsonSerializerOptions s_compact = new() { MaxDepth = AdminJson.MaxWrittenDepth };
    private static readonly JsonDocumentOptions s_reading = new() { MaxDepth = AdminJson.MaxWrittenDepth, AllowDuplicateProperties = false };

    public static byte[] Write(RouteDocument document, bool indented = false) =>
        JsonSerializer.SerializeToUtf8Bytes(ToJson(document), indented ? s_indented : s_compact);

    public static Task WriteAsync(Stream stream, RouteDocument document, CancellationToken cancellationToken) =>
        JsonSerializer.SerializeAsync(stream, ToJson(document), s_indented, cancellationToken);

    /// <summary>Reads a stored document; <paramref name="source"/> names the store in the error it throws otherwise.</summary>
    public static RouteDocument Read(byte[] bytes, string source)
    {
        if (JsonText.Validate(bytes, AdminJson.MaxWrittenDepth) is { } reason)
        {
            throw new InvalidOperationException($"The route store {source} is not valid JSON: {reason}");
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(bytes, documentOptions: s_reading);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The route store {source} is not valid JSON: {ex.Message}", ex);
        }

        return new RouteDocument(ReadMap(root?["routes"]), ReadMap(root?["plugin_metadata"]));
    }

    private static JsonObject ToJson(RouteDocument document) => new()
    {
        ["routes"] = ToMap(document.Routes),
        ["plugin_metadata"] = ToMap(document.PluginMetadata),
    };

    private static Dictionary<string, JsonObject> ReadMap(JsonNode? node)
    {
        var map = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (node is JsonObject obj)
        {
            foreach (var (key, value) in obj)
            {
                if (value is JsonObject item)
                {
                    map[key] = (JsonObject)item.DeepClone();
                }
            }
        }

        return map;
    }

    private static JsonObject ToMap(IReadOnlyDictionary<string, JsonObject> map)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            obj[key] = value.DeepClone();
        }

        return obj;
    }
}
