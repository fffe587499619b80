using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using SignalRPub.Cluster;
using SignalRPub.Routing;
using SignalRPub.Upstreams;

namespace SignalRPub.Admin;

/// <summary>
/// The routes as the admin API sees them, backed by the store, which is the source of truth: seeded from
/// <c>SignalRPub:Routes</c> on first start, then changed only here. A change is validated against the whole
/// table, stored, then published as a new <see cref="RouteTable"/>; a refused change leaves everything as it was.
/// Changes are serialised, so concurrent PUTs to one id end in one whole route.
/// </summary>
internal sealed partial class RouteCatalog : IDisposable
{
    private const int MaxAttempts = 5;

    private readonly IRouteStore _store;
    private readonly DeniedNetworks _deniedNetworks;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly IDisposable _watch;
    private ImmutableSortedDictionary<string, StoredRoute> _routes;
    private ImmutableSortedDictionary<string, JsonObject> _pluginMetadata;
    private long _version;
    private long _lastGeneratedId;

    public RouteCatalog(IRouteStore store, IConfiguration configuration, DeniedNetworks deniedNetworks, TimeProvider time, ILogger<RouteCatalog> logger)
    {
        _store = store;
        _deniedNetworks = deniedNetworks;
        _time = time;
        _logger = logger;
        var document = store.Load();
        var errors = new List<string>();
        if (document is null && Seed(configuration, errors) is { } seeded)
        {
            // Another node of the cluster may have seeded the store first: then its routes are the cluster's.
            var version = store.SaveAsync(seeded, 0, CancellationToken.None).GetAwaiter().GetResult();
            document = version is { } v ? seeded with { Version = v } : store.Load();
            if (version is not null)
            {
                Log.Seeded(logger, seeded.Routes.Count);
            }
        }

        if (document is null)
        {
            throw new InvalidOperationException("The route store lost the document it was just given.");
        }

        (_routes, _pluginMetadata) = Parse(document, errors);
        _version = document.Version;
        ThrowIfAny(errors, "the route store");
        Log.Loaded(logger, _routes.Count, _version);

        foreach (var route in _routes.Values)
        {
            deniedNetworks.Check(route.Config, $"route {route.Id}", errors);
        }

        var initial = RouteTable.Create(_routes.Values.Select(r => r.Config), errors);
        ThrowIfAny(errors, "the routes");
        Tables = new RouteTableProvider(initial!);
        _watch = ChangeToken.OnChange(store.GetChangeToken, () => _ = RefreshAsync(CancellationToken.None));
    }

    /// <summary>The plugins whose metadata is kept: those a route may name, so the store holds no arbitrary keys.</summary>
    public static IReadOnlyList<string> MetadataPlugins { get; } = [RouteParser.EntryPlugin, RouteParser.ActionPlugin, RouteParser.ActionPluginSynonym];

    public RouteTableProvider Tables { get; }

    public IReadOnlyCollection<StoredRoute> Routes => _routes.Values.ToList();

    /// <summary>The store's version of the routes in force.</summary>
    public long Version => Interlocked.Read(ref _version);

    public StoredRoute? Find(string id) => _routes.GetValueOrDefault(id);

    public JsonObject? FindPluginMetadata(string plugin) => _pluginMetadata.GetValueOrDefault(plugin);

    /// <summary>Creates or replaces route <paramref name="id"/> (a new id when null); 201 when created, 200 when replaced.</summary>
    public async Task<AdminResult> PutAsync(string? id, JsonNode? body, CancellationToken cancellationToken)
    {
        if (id is not null && !RouteIds.IsValid(id))
        {
            return AdminResult.Error(400, "invalid route id: 1–64 characters of letters, digits, '.', '_' or '-'");
        }

        return await MutateAsync(() =>
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
                return (AdminResult.Error(400, string.Join("; ", errors)), null);
            }

            var existing = _routes.GetValueOrDefault(id);
            var now = Now();
            var value = Stamp((JsonObject)body!.DeepClone(), id, existing is null ? now : CreateTime(existing, now), now);
            var routes = _routes.SetItem(id, new StoredRoute(id, value, config));
            if (RouteTable.Create(routes.Values.Select(r => r.Config), errors) is null)
            {
                return (AdminResult.Error(400, string.Join("; ", errors)), null);
            }

            return (new AdminResult(existing is null ? 201 : 200, Entry(routes[id])), new RouteChange(routes, _pluginMetadata));
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<AdminResult> DeleteAsync(string id, CancellationToken cancellationToken) => MutateAsync(() =>
        _routes.ContainsKey(id)
            ? (new AdminResult(200, new JsonObject { ["key"] = Key(id), ["deleted"] = "1" }), new RouteChange(_routes.Remove(id), _pluginMetadata))
            : (AdminResult.Error(404, $"route {id} not found"), null),
        cancellationToken);

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

        return await MutateAsync(() =>
        {
            var stored = (JsonObject)metadata.DeepClone();
            var result = new AdminResult(200, new JsonObject { ["key"] = $"/apisix/plugin_metadata/{plugin}", ["value"] = stored.DeepClone() });
            return (result, new RouteChange(_routes, _pluginMetadata.SetItem(plugin, stored)));
        }, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _watch.Dispose();

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

    /// <summary>
    /// Makes one change: <paramref name="decide"/> looks at the current routes and returns the answer and the change
    /// (null: refused, nothing to store). The change is stored first, naming the version it replaces; when another
    /// node changed the routes in between, they are loaded again and the change decided again on top of them.
    /// </summary>
    private async Task<AdminResult> MutateAsync(Func<(AdminResult Result, RouteChange? Change)> decide, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var (result, change) = decide();
                if (change is null)
                {
                    return result;
                }

                var document = ToDocument(change.Routes, change.Metadata);
                long? version;
                try
                {
                    version = await _store.SaveAsync(document, _version, cancellationToken).ConfigureAwait(false);
                }
                catch (ClusterUnavailableException ex)
                {
                    return AdminResult.Error(503, $"the route store cannot be reached now; nothing was changed ({ex.Message})");
                }

                if (version is { } stored)
                {
                    Apply(change.Routes, change.Metadata, stored);
                    return result;
                }

                if (attempt == MaxAttempts - 1)
                {
                    return AdminResult.Error(503, "the routes kept changing on other nodes; nothing was changed, try again");
                }

                string? refused;
                try
                {
                    refused = await RefreshCoreAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (ClusterUnavailableException ex)
                {
                    return AdminResult.Error(503, $"the route store cannot be reached now; nothing was changed ({ex.Message})");
                }

                if (refused is not null)
                {
                    // Another node stored routes this one cannot take (different DeniedNetworks, say): building on them would lose them.
                    return AdminResult.Error(503, $"the routes stored by another node cannot be used on this node, so nothing was changed: {refused}");
                }
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Loads the routes again when another node may have changed them; the last good ones stay otherwise.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await RefreshCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterUnavailableException ex)
        {
            Log.RefreshFailed(_logger, ex.Message);
        }
        finally
        {
            _lock.Release();
        }
    }

    // Under the lock. Null when the stored routes are in force; otherwise why they could not be taken (the last good
    // ones stay in force).
    private async Task<string?> RefreshCoreAsync(CancellationToken cancellationToken)
    {
        var document = await _store.LoadAsync(cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            // The store lost everything (Redis restarted empty): the routes in force here are written back.
            if (await _store.SaveAsync(ToDocument(_routes, _pluginMetadata), 0, cancellationToken).ConfigureAwait(false) is { } restored)
            {
                _version = restored;
                Log.Restored(_logger, _routes.Count);
                return null;
            }

            document = await _store.LoadAsync(cancellationToken).ConfigureAwait(false);
            if (document is null)
            {
                return "the route store was emptied again while the routes were written back";
            }
        }

        if (document.Version == _version)
        {
            return null;
        }

        var errors = new List<string>();
        var (routes, metadata) = Parse(document, errors);
        foreach (var route in routes.Values)
        {
            _deniedNetworks.Check(route.Config, $"route {route.Id}", errors);
        }

        if (errors.Count > 0 || RouteTable.Create(routes.Values.Select(r => r.Config), errors) is null)
        {
            var reason = string.Join("; ", errors);
            Log.RefusedStored(_logger, document.Version, reason);
            return reason;
        }

        Apply(routes, metadata, document.Version);
        Log.Refreshed(_logger, routes.Count, document.Version);
        return null;
    }

    private void Apply(ImmutableSortedDictionary<string, StoredRoute> routes, ImmutableSortedDictionary<string, JsonObject> metadata, long version)
    {
        _routes = routes;
        _pluginMetadata = metadata;
        _version = version;
        Tables.Update(RouteTable.Create(routes.Values.Select(r => r.Config), new List<string>())!);
    }

    private RouteDocument Seed(IConfiguration configuration, List<string> errors)
    {
        var table = ConfigurationRoutes.Load(configuration, errors);
        ThrowIfAny(errors, ConfigurationRoutes.SectionName);
        var now = Now();
        var routes = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var route in table.Routes)
        {
            var value = ConfigurationRoutes.ToJsonObject(configuration, route.Id);
            CheckDepth(value, $"route {route.Id}", errors);
            routes[route.Id] = Stamp(value, route.Id, now, now);
        }

        ThrowIfAny(errors, ConfigurationRoutes.SectionName);
        return new RouteDocument(routes, new Dictionary<string, JsonObject>(StringComparer.Ordinal));
    }

    private static (ImmutableSortedDictionary<string, StoredRoute> Routes, ImmutableSortedDictionary<string, JsonObject> Metadata) Parse(RouteDocument document, List<string> errors)
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

        return (builder.ToImmutable(), ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, document.PluginMetadata));
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

        [LoggerMessage(2, LogLevel.Information, "Loaded {Count} routes from the route store (version {Version}).")]
        public static partial void Loaded(ILogger logger, int count, long version);

        [LoggerMessage(3, LogLevel.Information, "The routes changed on another node: {Count} routes now (version {Version}).")]
        public static partial void Refreshed(ILogger logger, int count, long version);

        [LoggerMessage(4, LogLevel.Error, "The stored routes of version {Version} are not valid here and were not taken: {Errors}")]
        public static partial void RefusedStored(ILogger logger, long version, string errors);

        [LoggerMessage(5, LogLevel.Warning, "The route store had lost its routes (an empty Redis?); wrote back the {Count} routes in force here.")]
        public static partial void Restored(ILogger logger, int count);

        [LoggerMessage(6, LogLevel.Warning, "The routes could not be loaded again now: {Reason}")]
        public static partial void RefreshFailed(ILogger logger, string reason);
    }
}
