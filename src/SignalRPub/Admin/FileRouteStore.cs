using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;
using SignalRPub.Protocol;

namespace SignalRPub.Admin;

/// <summary>
/// Keeps the route document in <c>routes.json</c> in the data directory. A save writes a temporary file,
/// flushes it to disk and renames it over the old one, so a crash mid-write leaves the old file whole.
/// </summary>
internal sealed class FileRouteStore(IOptions<SignalRPubOptions> options) : IRouteStore
{
    // Only this process writes the file, so versions count its saves since it started.
    private long _version;

    public const string FileName = "routes.json";

    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true, MaxDepth = AdminJson.MaxWrittenDepth };

    private static readonly JsonDocumentOptions s_reading = new() { MaxDepth = AdminJson.MaxWrittenDepth, AllowDuplicateProperties = false };

    public string FilePath { get; } = Path.Combine(Path.GetFullPath(options.Value.Storage.DataDirectory), FileName);

    public RouteDocument? Load()
    {
        if (!File.Exists(FilePath))
        {
            return null;
        }

        // Checked like every admin body: text the admin API could not have written (a hand edit) is refused at
        // start, not found later by a writer.
        var bytes = File.ReadAllBytes(FilePath);
        if (JsonText.Validate(bytes, AdminJson.MaxWrittenDepth) is { } reason)
        {
            throw new InvalidOperationException($"The route store {FilePath} is not valid JSON: {reason}");
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(bytes, documentOptions: s_reading);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The route store {FilePath} is not valid JSON: {ex.Message}", ex);
        }

        _version = Math.Max(_version, 1);
        return new RouteDocument(ReadMap(root?["routes"]), ReadMap(root?["plugin_metadata"])) { Version = _version };
    }

    public Task<RouteDocument?> LoadAsync(CancellationToken cancellationToken) => Task.FromResult(Load());

    public IChangeToken GetChangeToken() => NullChangeToken.Singleton;

    public async Task<long?> SaveAsync(RouteDocument document, long expectedVersion, CancellationToken cancellationToken)
    {
        if (expectedVersion != _version)
        {
            return null;
        }

        var root = new JsonObject
        {
            ["routes"] = ToMap(document.Routes),
            ["plugin_metadata"] = ToMap(document.PluginMetadata),
        };

        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var temporary = $"{FilePath}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await JsonSerializer.SerializeAsync(stream, root, s_indented, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, FilePath, overwrite: true);
            return ++_version;
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

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
