using System.Collections.Concurrent;

namespace SignalRPub.Connections;

/// <summary>
/// Totals of this node, read by the operations API and by the <c>SignalRPub</c> meter alike. Per-delivery counts
/// live on each connection's guard (no shared counter on the hot path) and are summed when asked for.
/// </summary>
internal sealed class GatewayStats
{
    private readonly ConcurrentDictionary<string, int> _subscribers;
    private readonly ConcurrentDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _subscribersByName;
    private long _messagesIn;
    private long _subscriptions;

    // Index 0 raw, 1 hub: what closed connections were sent, and the slow consumers closed.
    private readonly long[] _messagesOutOfClosed = new long[2];
    private readonly long[] _bytesOutOfClosed = new long[2];
    private readonly long[] _slowConsumers = new long[2];

    public GatewayStats()
    {
        _subscribers = new(StringComparer.Ordinal);
        _subscribersByName = _subscribers.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public long MessagesIn => Interlocked.Read(ref _messagesIn);

    public long SlowConsumers => SlowConsumersOf(raw: true) + SlowConsumersOf(raw: false);

    public int TopicCount => _subscribers.Count;

    /// <summary>Connection-topic pairs held on this node.</summary>
    public long SubscriptionCount => Interlocked.Read(ref _subscriptions);

    public void Published(int messages) => Interlocked.Add(ref _messagesIn, messages);

    public void SlowConsumer(bool raw) => Interlocked.Increment(ref _slowConsumers[Index(raw)]);

    public long SlowConsumersOf(bool raw) => Interlocked.Read(ref _slowConsumers[Index(raw)]);

    public int SubscribersOf(string topic) => _subscribers.GetValueOrDefault(topic);

    /// <summary>The topics at least one connection of this node holds.</summary>
    public IEnumerable<string> Topics => _subscribers.Keys;

    /// <summary>
    /// The string this node already keeps for <paramref name="topic"/> when a connection of it holds the topic, else
    /// <paramref name="topic"/> itself: the connections holding a topic then share one string, not a copy each.
    /// </summary>
    public string Shared(string topic) => _subscribersByName.TryGetValue(topic.AsSpan(), out var kept, out _) ? kept : topic;

    public void Subscribed(string topic)
    {
        _subscribers.AddOrUpdate(topic, 1, static (_, n) => n + 1);
        Interlocked.Increment(ref _subscriptions);
    }

    public void Unsubscribed(string topic)
    {
        while (_subscribers.TryGetValue(topic, out var n))
        {
            if (n <= 1 ? _subscribers.TryRemove(KeyValuePair.Create(topic, n)) : _subscribers.TryUpdate(topic, n - 1, n))
            {
                Interlocked.Decrement(ref _subscriptions);
                return;
            }
        }
    }

    /// <summary>Keeps what a closed connection was sent in the totals (its topics are counted out with its state).</summary>
    public void Closed(ConnectionState connection)
    {
        if (connection.Guard is { } guard)
        {
            var index = Index(connection.IsRaw);
            Interlocked.Add(ref _messagesOutOfClosed[index], guard.MessagesWritten);
            Interlocked.Add(ref _bytesOutOfClosed[index], guard.BytesWritten);
        }
    }

    public long MessagesOut(ConnectionRegistry registry) => MessagesOut(registry, raw: true) + MessagesOut(registry, raw: false);

    public long MessagesOut(ConnectionRegistry registry, bool raw) =>
        Interlocked.Read(ref _messagesOutOfClosed[Index(raw)]) + registry.All.Where(c => c.IsRaw == raw).Sum(c => c.Guard?.MessagesWritten ?? 0);

    public long BytesOut(ConnectionRegistry registry, bool raw) =>
        Interlocked.Read(ref _bytesOutOfClosed[Index(raw)]) + registry.All.Where(c => c.IsRaw == raw).Sum(c => c.Guard?.BytesWritten ?? 0);

    private static int Index(bool raw) => raw ? 0 : 1;
}
