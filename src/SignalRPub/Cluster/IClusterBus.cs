namespace SignalRPub.Cluster;

/// <summary>
/// How nodes of a cluster ask each other things: a request to one node (by id) and its reply. On one node the bus
/// has only that node, and a request to it is handled in process (<see cref="LocalClusterBus"/>); on a cluster the
/// requests travel over Redis. Handlers are registered by kind when the node starts.
/// </summary>
internal interface IClusterBus
{
    /// <summary>This node's id, unique in the cluster while it runs.</summary>
    string NodeId { get; }

    /// <summary>False while the cluster's shared medium (Redis) cannot be reached: what crosses nodes answers 503 then.</summary>
    bool IsAvailable { get; }

    /// <summary>Registers the handler of one kind of request; its reply goes back to the asking node.</summary>
    void Handle(string kind, Func<ReadOnlyMemory<byte>, CancellationToken, Task<byte[]>> handler);

    /// <summary>
    /// Asks <paramref name="nodeId"/> and returns its reply. Throws <see cref="ClusterUnavailableException"/> when the
    /// request cannot be sent, and <see cref="TimeoutException"/> when no reply came within <paramref name="timeout"/>.
    /// </summary>
    Task<byte[]> RequestAsync(string nodeId, string kind, ReadOnlyMemory<byte> payload, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>The nodes alive now, this one included.</summary>
    Task<IReadOnlyList<string>> LiveNodesAsync(CancellationToken cancellationToken);
}
