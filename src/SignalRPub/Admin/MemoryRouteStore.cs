namespace SignalRPub.Admin;

/// <summary>A store that keeps nothing across restarts (<c>Storage:Provider = memory</c>).</summary>
internal sealed class MemoryRouteStore : IRouteStore
{
    private RouteDocument? _document;

    public RouteDocument? Load() => _document;

    public Task SaveAsync(RouteDocument document, CancellationToken cancellationToken)
    {
        _document = document;
        return Task.CompletedTask;
    }
}
