using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Buffers.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SignalRPub.Cluster;
using StackExchange.Redis;

namespace SignalRPub.Redis;

/// <summary>
/// The bus between nodes over Redis pub/sub: each node listens on a channel of its own, where requests to it and
/// replies to its requests arrive. A request to this node is handled in process. Nodes are alive while their
/// heartbeat key is (<see cref="RedisNodeHeartbeat"/>).
/// </summary>
internal sealed partial class RedisClusterBus : IClusterBus, IDisposable
{
    private readonly RedisConnection _redis;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Func<ReadOnlyMemory<byte>, CancellationToken, Task<byte[]>>> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<byte[]>> _pending = new();
    private readonly CancellationTokenSource _stopping = new();
    private long _lastId;

    public RedisClusterBus(RedisConnection redis, ILogger<RedisClusterBus> logger)
    {
        _redis = redis;
        _logger = logger;
        NodeId = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(9));
        _redis.Subscriber.Subscribe(_redis.Keys.Bus(NodeId)).OnMessage(OnMessageAsync);
        Log.Joined(logger, NodeId);
    }

    public string NodeId { get; }

    public bool IsAvailable => _redis.IsConnected;

    public void Handle(string kind, Func<ReadOnlyMemory<byte>, CancellationToken, Task<byte[]>> handler) => _handlers[kind] = handler;

    public async Task<byte[]> RequestAsync(string nodeId, string kind, ReadOnlyMemory<byte> payload, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (nodeId == NodeId)
        {
            return await HandleAsync(kind, payload, cancellationToken).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }

        var id = Interlocked.Increment(ref _lastId);
        var reply = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        try
        {
            var envelope = JsonSerializer.SerializeToUtf8Bytes(new BusEnvelope(id, NodeId, kind, payload.ToArray()));
            long listeners;
            try
            {
                listeners = await _redis.Subscriber.PublishAsync(_redis.Keys.Bus(nodeId), envelope).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                throw new ClusterUnavailableException("Redis cannot be reached.", ex);
            }

            if (listeners == 0)
            {
                throw new TimeoutException($"Node {nodeId} is not listening.");
            }

            return await reply.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public async Task<IReadOnlyList<string>> LiveNodesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var db = _redis.Database;
            var members = await db.SetMembersAsync(_redis.Keys.Nodes).ConfigureAwait(false);
            var nodes = members.Select(m => m.ToString()).Where(n => n != NodeId).ToArray();
            var alive = await Task.WhenAll(nodes.Select(n => db.KeyExistsAsync(_redis.Keys.Node(n)))).ConfigureAwait(false);
            return [NodeId, .. nodes.Where((_, i) => alive[i])];
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw new ClusterUnavailableException("Redis cannot be reached.", ex);
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        foreach (var pending in _pending.Values)
        {
            pending.TrySetCanceled();
        }

        _stopping.Dispose();
    }

    // Messages of one channel arrive in order: replies are taken at once, and requests are handled beside the queue,
    // so that a slow one (an action waiting on its upstream) holds up neither replies nor other requests.
    private Task OnMessageAsync(ChannelMessage message)
    {
        BusEnvelope envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<BusEnvelope>((byte[])message.Message!)!;
        }
        catch (JsonException ex)
        {
            Log.Unreadable(_logger, ex.Message);
            return Task.CompletedTask;
        }

        if (envelope.Kind is null)
        {
            if (_pending.TryGetValue(envelope.Id, out var waiting))
            {
                if (envelope.Failed)
                {
                    waiting.TrySetException(new TimeoutException($"The node could not answer: {System.Text.Encoding.UTF8.GetString(envelope.Payload)}"));
                }
                else
                {
                    waiting.TrySetResult(envelope.Payload);
                }
            }

            return Task.CompletedTask;
        }

        _ = AnswerAsync(envelope);
        return Task.CompletedTask;
    }

    private async Task AnswerAsync(BusEnvelope envelope)
    {
        byte[] payload;
        var failed = false;
        try
        {
            payload = await HandleAsync(envelope.Kind!, envelope.Payload, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(_logger, envelope.Kind!, envelope.From, ex);
            payload = System.Text.Encoding.UTF8.GetBytes(ex.Message);
            failed = true;
        }

        try
        {
            var reply = JsonSerializer.SerializeToUtf8Bytes(new BusEnvelope(envelope.Id, NodeId, null, payload, failed));
            await _redis.Subscriber.PublishAsync(_redis.Keys.Bus(envelope.From), reply).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The asking node times out; Redis being away is reported by the connection itself.
        }
    }

    private Task<byte[]> HandleAsync(string kind, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        _handlers.TryGetValue(kind, out var handler)
            ? handler(payload, cancellationToken)
            : Task.FromException<byte[]>(new InvalidOperationException($"No handler of {kind} requests on this node."));

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "This node is {NodeId} in the cluster.")]
        public static partial void Joined(ILogger logger, string nodeId);

        [LoggerMessage(2, LogLevel.Warning, "A message on the cluster bus could not be read: {Reason}")]
        public static partial void Unreadable(ILogger logger, string reason);

        [LoggerMessage(3, LogLevel.Error, "Handling a {Kind} request from node {From} failed.")]
        public static partial void HandlerFailed(ILogger logger, string kind, string from, Exception exception);
    }
}
