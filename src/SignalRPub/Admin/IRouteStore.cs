namespace SignalRPub.Admin;

/// <summary>Keeps the route document across restarts.</summary>
internal interface IRouteStore
{
    /// <summary>The stored document, or null when nothing was ever stored (first start).</summary>
    RouteDocument? Load();

    /// <summary>Replaces the stored document as a whole: after a crash, either the old or the new one is found.</summary>
    Task SaveAsync(RouteDocument document, CancellationToken cancellationToken);
}
