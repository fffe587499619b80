using System.Collections.Frozen;

namespace SignalRPub.Routing;

/// <summary>An immutable snapshot of every route, looked up by exact path. Swapped whole on change.</summary>
internal sealed class RouteTable
{
    private readonly FrozenDictionary<string, RouteConfig> _byUri;
    private readonly FrozenDictionary<string, RouteConfig> _byId;

    private RouteTable(IReadOnlyList<RouteConfig> routes)
    {
        Routes = routes;
        _byUri = routes.ToFrozenDictionary(r => r.Uri, StringComparer.Ordinal);
        _byId = routes.ToFrozenDictionary(r => r.Id, StringComparer.Ordinal);
    }

    public static RouteTable Empty { get; } = new([]);

    public IReadOnlyList<RouteConfig> Routes { get; }

    /// <summary>Builds a table, or reports why it cannot (duplicate ids or URIs) and returns null.</summary>
    public static RouteTable? Create(IEnumerable<RouteConfig> routes, ICollection<string> errors)
    {
        var before = errors.Count;
        var list = routes.ToList();
        foreach (var group in list.GroupBy(r => r.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"route id '{group.Key}' is used by more than one route");
        }

        foreach (var group in list.GroupBy(r => r.Uri, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"uri '{group.Key}' is used by routes {string.Join(", ", group.Select(r => $"'{r.Id}'"))}; two routes may not share a URI");
        }

        return errors.Count == before ? new RouteTable(list) : null;
    }

    public RouteConfig? FindByUri(string path) => _byUri.GetValueOrDefault(path);

    public RouteConfig? FindById(string id) => _byId.GetValueOrDefault(id);

    /// <summary>True when <paramref name="route"/> serves connections that entered through <paramref name="entryId"/>.</summary>
    public static bool Serves(RouteConfig route, string? entryId) =>
        route.SuperiorId is null || string.Equals(route.SuperiorId, entryId, StringComparison.Ordinal);
}
