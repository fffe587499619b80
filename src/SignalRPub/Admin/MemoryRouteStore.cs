using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace SignalRPub.Admin;

/// <summary>A store that keeps nothing across restarts (<c>Storage:Provider = memory</c>).</summary>
internal sealed class MemoryRouteStore : IRouteStore
{
    private readonly Lock _lock = new();
    private RouteDocument? _document;

    public RouteDocument? Load() => _document;

    public Task<RouteDocument?> LoadAsync(CancellationToken cancellationToken) => Task.FromResult(_document);

    public Task<long?> SaveAsync(RouteDocument document, long expectedVersion, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if ((_document?.Version ?? 0) != expectedVersion)
            {
                return Task.FromResult<long?>(null);
            }

            _document = document with { Version = expectedVersion + 1 };
            return Task.FromResult<long?>(_document.Version);
        }
    }

    public IChangeToken GetChangeToken() => NullChangeToken.Singleton;
}
