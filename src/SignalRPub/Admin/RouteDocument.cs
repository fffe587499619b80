using System.Text.Json.Nodes;

namespace SignalRPub.Admin;

/// <summary>Everything the route store keeps: routes by id and plugin metadata by plugin name, at a version.</summary>
internal sealed record RouteDocument(IReadOnlyDictionary<string, JsonObject> Routes, IReadOnlyDictionary<string, JsonObject> PluginMetadata)
{
    public static RouteDocument Empty { get; } = new(new Dictionary<string, JsonObject>(), new Dictionary<string, JsonObject>());

    /// <summary>The store's version of this document (0 for one not stored yet).</summary>
    public long Version { get; init; }
}
