using System.Collections.Concurrent;

namespace SignalRPub.Connections;

/// <summary>The connections of this node, by id.</summary>
internal sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, ConnectionState> _connections = new(StringComparer.Ordinal);

    public int Count => _connections.Count;

    public void Add(ConnectionState state) => _connections[state.ConnectionId] = state;

    public void Remove(string connectionId) => _connections.TryRemove(connectionId, out _);

    public ConnectionState? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);

    public IEnumerable<ConnectionState> All => _connections.Values;
}
