using Microsoft.Extensions.Primitives;

namespace SignalRPub.Admin;

/// <summary>
/// Keeps the route document across restarts: a file or memory on one node, Redis on a cluster, where every node
/// writes it. Each stored document has a version; a save names the version it replaces, so two nodes changing
/// routes at once never lose either change (the second one is made again on top of the first).
/// </summary>
internal interface IRouteStore
{
    /// <summary>The stored document, or null when nothing was ever stored (first start).</summary>
    RouteDocument? Load();

    /// <summary>The same, for a node that was told the document changed.</summary>
    Task<RouteDocument?> LoadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the stored document as a whole (after a crash, either the old or the new one is found) if the store
    /// still holds <paramref name="expectedVersion"/> (0: nothing stored). Returns the new document's version, or null
    /// when another writer changed it first.
    /// </summary>
    Task<long?> SaveAsync(RouteDocument document, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Fires when another node may have changed the document; never, for a store only this node writes.</summary>
    IChangeToken GetChangeToken();
}
