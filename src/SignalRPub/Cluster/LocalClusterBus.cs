using System.Collections.Concurrent;

namespace SignalRPub.Cluster;

/// <summary>The bus of a single node: it is the only node, always there, and asks itself in process.</summary>
internal sealed class LocalClusterBus : IClusterBus
{
    public const string LocalNodeId = "local";

    private readonly ConcurrentDictionary<string, Func<ReadOnlyMemory<byte>, CancellationToken, Task<byte[]>>> _handlers = new(StringComparer.Ordinal);

    public string NodeId => LocalNodeId;

    public bool IsAvailable => true;

    public void Handle(string kind, Func<ReadOnlyMemory<byte>, CancellationToken, Task<byte[]>> handler) => _handlers[kind] = handler;

    public async Task<byte[]> RequestAsync(string nodeId, string kind, ReadOnlyMemory<byte> payload, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (nodeId != LocalNodeId || !_handlers.TryGetValue(kind, out var handler))
        {
            throw new TimeoutException($"No node {nodeId} answers {kind}.");
        }

        return await handler(payload, cancellationToken).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<string>> LiveNodesAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([LocalNodeId]);
}
