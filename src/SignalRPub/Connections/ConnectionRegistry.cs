using System.Collections.Concurrent;

namespace SignalRPub.Connections;

/// <summary>The connections of this node, by id, and how many of them have not registered yet.</summary>
internal sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, ConnectionState> _connections = new(StringComparer.Ordinal);
    private int _unregistered;

    public int Count => _connections.Count;

    /// <summary>Connections open and not registered (yet).</summary>
    public int Unregistered => Volatile.Read(ref _unregistered);

    public void Add(ConnectionState state)
    {
        if (!state.IsRegistered)
        {
            Interlocked.Increment(ref _unregistered);
            state.CountAsUnregistered(this);
        }

        _connections[state.ConnectionId] = state;
    }

    public void Remove(string connectionId)
    {
        if (_connections.TryRemove(connectionId, out var state))
        {
            state.LeaveUnregistered();
        }
    }

    public ConnectionState? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);

    public IEnumerable<ConnectionState> All => _connections.Values;

    internal void UnregisteredLeft() => Interlocked.Decrement(ref _unregistered);
}
