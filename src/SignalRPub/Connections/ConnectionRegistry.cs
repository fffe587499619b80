using System.Collections.Concurrent;

namespace SignalRPub.Connections;

/// <summary>
/// The connections of this node, by id, and how many of each <see cref="ConnectionKind"/> are open and not registered
/// yet: the counts the operations API and the <c>signalrpub.connections</c> instrument both read.
/// </summary>
internal sealed class ConnectionRegistry
{
    private static readonly int s_kinds = Enum.GetValues<ConnectionKind>().Length;

    private readonly ConcurrentDictionary<string, ConnectionState> _connections = new(StringComparer.Ordinal);
    private readonly int[] _open = new int[s_kinds];
    private readonly int[] _unregisteredOf = new int[s_kinds];
    private int _unregistered;

    public int Count => _connections.Count;

    /// <summary>Connections open and not registered (yet).</summary>
    public int Unregistered => Volatile.Read(ref _unregistered);

    /// <summary>Open connections of <paramref name="kind"/>.</summary>
    public int OpenOf(ConnectionKind kind) => Volatile.Read(ref _open[(int)kind]);

    /// <summary>Open connections of <paramref name="kind"/> not registered (yet).</summary>
    public int UnregisteredOf(ConnectionKind kind) => Volatile.Read(ref _unregisteredOf[(int)kind]);

    public void Add(ConnectionState state)
    {
        Interlocked.Increment(ref _open[(int)state.Kind]);
        if (!state.IsRegistered)
        {
            Interlocked.Increment(ref _unregistered);
            Interlocked.Increment(ref _unregisteredOf[(int)state.Kind]);
            state.CountAsUnregistered(this);
        }

        _connections[state.ConnectionId] = state;
    }

    public void Remove(string connectionId)
    {
        if (_connections.TryRemove(connectionId, out var state))
        {
            state.LeaveUnregistered();
            Interlocked.Decrement(ref _open[(int)state.Kind]);
        }
    }

    public ConnectionState? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);

    /// <summary>The connections open now, enumerated without locking the table (one may come or go meanwhile).</summary>
    public IEnumerable<ConnectionState> All => _connections.Select(static p => p.Value);

    internal void UnregisteredLeft(ConnectionState state)
    {
        Interlocked.Decrement(ref _unregisteredOf[(int)state.Kind]);
        Interlocked.Decrement(ref _unregistered);
    }
}
