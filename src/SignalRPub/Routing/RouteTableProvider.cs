using Microsoft.Extensions.Primitives;

namespace SignalRPub.Routing;

/// <summary>Holds the current <see cref="RouteTable"/>; a new table replaces the old one atomically.</summary>
internal sealed class RouteTableProvider
{
    private volatile RouteTable _current;
    private CancellationTokenSource _changed = new();

    public RouteTableProvider(RouteTable initial)
    {
        _current = initial;
    }

    public RouteTable Current => _current;

    /// <summary>A token that fires once, after the next <see cref="Update"/> has published its table.</summary>
    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _changed).Token);

    public void Update(RouteTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _current = table;

        // Not disposed: a token handed out earlier may still be asked whether it fired.
        Interlocked.Exchange(ref _changed, new CancellationTokenSource()).Cancel();
    }
}
