using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using SignalRPub.Routing;
using SignalRPub.Upstreams;

namespace SignalRPub.Admin;

/// <summary>
/// The routes as the admin API sees them, backed by the store, which is the source of truth: seeded from
/// <c>SignalRPub:Routes</c> on first start, then changed only here. A change is validated against the whole
/// table, stored, then published as a new <see cref="RouteTable"/>; a refused change leaves everything as it was.
/// Changes are serialised, so concurrent PUTs to one id end in one whole route.
/// </summary>
internal sealed partial class RouteCatalog
{
    private readonly IRouteStore _store;
    private readonly DeniedNetworks _deniedNetworks;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private ImmutableSortedDictionary<string, StoredRoute> _routes;
    private ImmutableSortedDictionary<string, JsonObject> _pluginMetadata;
    private long _lastGeneratedId;

    public RouteCatalog(IRouteStore store, IConfiguration configuration, DeniedNetworks deniedNetworks, TimeProvider time, ILogger<RouteCatalog> logger)
    {
        _store = store;
        _deniedNetworks = deniedNetworks;
        _time = time;
        var document = store.Load();
        var errors = new List<string>();
        if (document is null)
        {
            var table = ConfigurationRoutes.Load(configuration, errors);
            ThrowIfAny(errors, ConfigurationRoutes.SectionName);
            var now = Now();
            var seeded = table.Routes.Select(r => (Config: r, Value: ConfigurationRoutes.ToJsonObject(configuration, r.Id))).ToList();
            foreach (var (config, value) in seeded)
            {
                CheckDepth(value, $"route {config.Id}", errors);
            }

            ThrowIfAny(errors, ConfigurationRoutes.SectionName);
            _routes = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, seeded.Select(s =>
                KeyValuePair.Create(s.Config.Id, new StoredRoute(s.Config.Id, Stamp(s.Value, s.Config.Id, now, now), s.Config))));
            _pluginMetadata = ImmutableSortedDictionary<string, JsonObject>.Empty.WithComparers(StringComparer.Ordinal);
            store.SaveAsync(ToDocument(_routes, _pluginMetadata), CancellationToken.None).GetAwaiter().GetResult();
            Log.Seeded(logger, _routes.Count);
        }
        else
        {
            var builder = ImmutableSortedDictionary.CreateBuilder<string, StoredRoute>(StringComparer.Ordinal);
            foreach (var (id, value) in document.Routes)
            {
                if (RouteParser.Parse(value, id, $"route {id}", errors) is { } config && CheckDepth(value, $"route {id}", errors))
                {
                    builder[id] = new StoredRoute(id, value, config);
                }
            }

            foreach (var (plugin, value) in document.PluginMetadata)
            {
                CheckDepth(value, $"plugin metadata {plugin}", errors);
            }

            ThrowIfAny(errors, "the route store");
            _routes = builder.ToImmutable();
            _pluginMetadata = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, document.PluginMetadata);
            Log.Loaded(logger, _routes.Count);
        }

        foreach (var route in _routes.Values)
        {
            deniedNetworks.Check(route.Config, $"route {route.Id}", errors);
        }

        var initial = RouteTable.Create(_routes.Values.Select(r => r.Config), errors);
        ThrowIfAny(errors, "the routes");
        Tables = new RouteTableProvider(initial!);
    }

    /// <summary>The plugins whose metadata is kept: those a route may name, so the store holds no arbitrary keys.</summary>
    public static IReadOnlyList<string> MetadataPlugins { get; } = [RouteParser.EntryPlugin, RouteParser.ActionPlugin, RouteParser.ActionPluginSynonym];

    public RouteTableProvider Tables { get; }

    public IReadOnlyCollection<StoredRoute> Routes => _routes.Values.ToList();

    public StoredRoute? Find(string id) => _routes.GetValueOrDefault(id);

    public JsonObject? FindPluginMetadata(string plugin) => _pluginMetadata.GetValueOrDefault(plugin);

    /// <summary>Creates or replaces route <paramref name="id"/> (a new id when null); 201 when created, 200 when replaced.</summary>
    public async Task<AdminResult> PutAsync(string? id, JsonNode? body, CancellationToken cancellationToken)
    {
        if (id is not null && !RouteIds.IsValid(id))
        {
            return AdminResult.Error(400, "invalid route id: 1–64 characters of letters, digits, '.', '_' or '-'");
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            id ??= NewId();
            var errors = new List<string>();
            var config = RouteParser.Parse(body, id, "route", errors);
            if (config is not null)
            {
                _deniedNetworks.Check(config, "route", errors);
            }

            if (config is null || errors.Count > 0)
            {
                return AdminResult.Error(400, string.Join("; ", errors));
            }

            var existing = _routes.GetValueOrDefault(id);
            var now = Now();
            var value = Stamp((JsonObject)body!.DeepClone(), id, existing is null ? now : CreateTime(existing, now), now);
            var routes = _routes.SetItem(id, new StoredRoute(id, value, config));
            var table = RouteTable.Create(routes.Values.Select(r => r.Config), errors);
            if (table is null)
            {
                return AdminResult.Error(400, string.Join("; ", errors));
            }

            await CommitAsync(routes, _pluginMetadata, table, cancellationToken).ConfigureAwait(false);
            return new AdminResult(existing is null ? 201 : 200, Entry(routes[id]));
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<AdminResult> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_routes.ContainsKey(id))
            {
                return AdminResult.Error(404, $"route {id} not found");
            }

            var routes = _routes.Remove(id);
            var table = RouteTable.Create(routes.Values.Select(r => r.Config), new List<string>())!;
            await CommitAsync(routes, _pluginMetadata, table, cancellationToken).ConfigureAwait(false);
            return new AdminResult(200, new JsonObject { ["key"] = Key(id), ["deleted"] = "1" });
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Stores the metadata of <paramref name="plugin"/>, one of <see cref="MetadataPlugins"/>.</summary>
    public async Task<AdminResult> PutPluginMetadataAsync(string plugin, JsonNode? body, CancellationToken cancellationToken)
    {
        if (!MetadataPlugins.Contains(plugin, StringComparer.Ordinal))
        {
            return AdminResult.Error(400, $"unknown plugin '{plugin}': metadata is kept for {string.Join(", ", MetadataPlugins)} only");
        }

        if (body is not JsonObject metadata)
        {
            return AdminResult.Error(400, "plugin metadata must be a JSON object");
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stored = (JsonObject)metadata.DeepClone();
            var all = _pluginMetadata.SetItem(plugin, stored);
            await CommitAsync(_routes, all, Tables.Current, cancellationToken).ConfigureAwait(false);
            return new AdminResult(200, new JsonObject { ["key"] = $"/apisix/plugin_metadata/{plugin}", ["value"] = stored.DeepClone() });
        }
        finally
        {
            _lock.Release();
        }
    }

    public static JsonObject Entry(StoredRoute route) => new() { ["key"] = Key(route.Id), ["value"] = route.Value.DeepClone() };

    /// <summary>Creates a route under a new id (<c>POST</c>): 20 digits that sort in creation order, as APISIX makes them.</summary>
    public Task<AdminResult> CreateAsync(JsonNode? body, CancellationToken cancellationToken) => PutAsync(null, body, cancellationToken);

    // Called under the lock: strictly increasing, and never an id in use.
    private string NewId()
    {
        var candidate = Math.Max(_time.GetUtcNow().ToUnixTimeMilliseconds() * 1000, _lastGeneratedId + 1);
        while (_routes.ContainsKey(candidate.ToString("D20", CultureInfo.InvariantCulture)))
        {
            candidate++;
        }

        _lastGeneratedId = candidate;
        return candidate.ToString("D20", CultureInfo.InvariantCulture);
    }

    private async Task CommitAsync(ImmutableSortedDictionary<string, StoredRoute> routes, ImmutableSortedDictionary<string, JsonObject> metadata, RouteTable table, CancellationToken cancellationToken)
    {
        // Stored first: a change that could not be kept is not applied either.
        await _store.SaveAsync(ToDocument(routes, metadata), cancellationToken).ConfigureAwait(false);
        _routes = routes;
        _pluginMetadata = metadata;
        Tables.Update(table);
    }

    private static RouteDocument ToDocument(ImmutableSortedDictionary<string, StoredRoute> routes, ImmutableSortedDictionary<string, JsonObject> metadata) =>
        new(routes.ToDictionary(p => p.Key, p => p.Value.Value, StringComparer.Ordinal), metadata);

    private static string Key(string id) => $"/apisix/routes/{id}";

    private long Now() => _time.GetUtcNow().ToUnixTimeSeconds();

    private static long CreateTime(StoredRoute route, long fallback) =>
        route.Value["create_time"] is JsonValue v && v.TryGetValue<long>(out var t) ? t : fallback;

    private static JsonObject Stamp(JsonObject value, string id, long created, long updated)
    {
        value["id"] = id;
        value["create_time"] = created;
        value["update_time"] = updated;
        return value;
    }

    /// <summary>Reports a document that the admin API could not write back (a hand-edited store, deep configuration).</summary>
    private static bool CheckDepth(JsonObject value, string where, List<string> errors)
    {
        if (AdminJson.DepthOf(value) <= AdminJson.MaxDocumentDepth)
        {
            return true;
        }

        errors.Add($"{where}: nested deeper than {AdminJson.MaxDocumentDepth} levels of objects and arrays");
        return false;
    }

    private static void ThrowIfAny(List<string> errors, string source)
    {
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"{source} is not valid:{Environment.NewLine} - {string.Join($"{Environment.NewLine} - ", errors)}");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "The route store was empty; seeded it with {Count} routes from configuration.")]
        public static partial void Seeded(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Information, "Loaded {Count} routes from the route store.")]
        public static partial void Loaded(ILogger logger, int count);
    }
}
