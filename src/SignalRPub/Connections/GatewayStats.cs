using System.Collections.Concurrent;

namespace SignalRPub.Connections;

/// <summary>
/// Totals of this node for the operations API. Per-delivery counts live on each connection's guard (no shared
/// counter on the hot path) and are summed when asked for.
/// </summary>
internal sealed class GatewayStats
{
    private readonly ConcurrentDictionary<string, int> _subscribers = new(StringComparer.Ordinal);
    private long _messagesIn;
    private long _messagesOutOfClosed;
    private long _slowConsumers;

    public long MessagesIn => Interlocked.Read(ref _messagesIn);

    public long SlowConsumers => Interlocked.Read(ref _slowConsumers);

    public int TopicCount => _subscribers.Count;

    public void Published(int messages) => Interlocked.Add(ref _messagesIn, messages);

    public void SlowConsumer() => Interlocked.Increment(ref _slowConsumers);

    public int SubscribersOf(string topic) => _subscribers.GetValueOrDefault(topic);

    /// <summary>The topics at least one connection of this node holds.</summary>
    public IEnumerable<string> Topics => _subscribers.Keys;

    public void Subscribed(string topic) => _subscribers.AddOrUpdate(topic, 1, static (_, n) => n + 1);

    public void Unsubscribed(string topic)
    {
        while (_subscribers.TryGetValue(topic, out var n))
        {
            if (n <= 1 ? _subscribers.TryRemove(KeyValuePair.Create(topic, n)) : _subscribers.TryUpdate(topic, n - 1, n))
            {
                return;
            }
        }
    }

    /// <summary>Keeps what a closed connection was sent in the totals (its topics are counted out with its state).</summary>
    public void Closed(ConnectionState connection) => Interlocked.Add(ref _messagesOutOfClosed, connection.Guard?.MessagesWritten ?? 0);

    public long MessagesOut(ConnectionRegistry registry) =>
        Interlocked.Read(ref _messagesOutOfClosed) + registry.All.Sum(c => c.Guard?.MessagesWritten ?? 0);
}
