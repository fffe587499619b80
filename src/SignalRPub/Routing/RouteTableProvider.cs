namespace SignalRPub.Routing;

/// <summary>Holds the current <see cref="RouteTable"/>; a new table replaces the old one atomically.</summary>
internal sealed class RouteTableProvider
{
    private volatile RouteTable _current;

    public RouteTableProvider(RouteTable initial)
    {
        _current = initial;
    }

    public RouteTable Current => _current;

    public void Update(RouteTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _current = table;
    }
}
