using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SignalRPub.Cluster;
using SignalRPub.Connections;
using StackExchange.Redis;

namespace SignalRPub.Redis;

/// <summary>
/// The directory in Redis: a hash per connection (its node and user), a set per node and per user. This node posts
/// its changes as they happen and a writer puts them in Redis in batches, so opening a connection never waits on
/// Redis. When a batch cannot be written (Redis away) or Redis lost the node's entries (restarted empty), the node's
/// whole part is written again from its registry (<see cref="ResyncAsync"/>): the directory always comes back to
/// what the nodes hold. Lookups skip nodes whose heartbeat has expired.
/// </summary>
internal sealed partial class RedisConnectionDirectory : BackgroundService, IConnectionDirectory
{
    private const int BatchSize = 512;
    private const int QueueCapacity = 100_000;

    private readonly RedisConnection _redis;
    private readonly IClusterBus _bus;
    private readonly ConnectionRegistry _registry;
    private readonly ILogger _logger;
    private readonly Channel<DirectoryChange> _changes = Channel.CreateBounded<DirectoryChange>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private int _resyncNeeded;

    public RedisConnectionDirectory(RedisConnection redis, IClusterBus bus, ConnectionRegistry registry, ILogger<RedisConnectionDirectory> logger)
    {
        _redis = redis;
        _bus = bus;
        _registry = registry;
        _logger = logger;
        redis.OnRestored(() => Volatile.Write(ref _resyncNeeded, 1));
    }

    public void Added(string connectionId) => Post(new DirectoryChange(DirectoryChangeKind.Added, connectionId, null, null));

    public void UserChanged(string connectionId, string? previousUserId, string? userId) =>
        Post(new DirectoryChange(DirectoryChangeKind.UserChanged, connectionId, previousUserId, userId));

    public void Removed(string connectionId, string? userId) => Post(new DirectoryChange(DirectoryChangeKind.Removed, connectionId, userId, null));

    public async Task<string?> FindNodeAsync(string connectionId, CancellationToken cancellationToken)
    {
        try
        {
            var db = _redis.Database;
            var node = (string?)await db.HashGetAsync(_redis.Keys.Connection(connectionId), RedisKeys.NodeField).ConfigureAwait(false);
            return node is not null && (node == _bus.NodeId || await db.KeyExistsAsync(_redis.Keys.Node(node)).ConfigureAwait(false)) ? node : null;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw new ClusterUnavailableException("Redis cannot be reached.", ex);
        }
    }

    public async Task<IReadOnlyList<string>> FindUserAsync(string userId, CancellationToken cancellationToken)
    {
        try
        {
            var db = _redis.Database;
            var members = (await db.SetMembersAsync(_redis.Keys.User(userId)).ConfigureAwait(false)).Select(m => m.ToString()).ToArray();
            var nodes = await Task.WhenAll(members.Select(async c => (string?)await db.HashGetAsync(_redis.Keys.Connection(c), RedisKeys.NodeField).ConfigureAwait(false))).ConfigureAwait(false);
            var alive = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var node in nodes.OfType<string>().Distinct())
            {
                alive[node] = node == _bus.NodeId || await db.KeyExistsAsync(_redis.Keys.Node(node)).ConfigureAwait(false);
            }

            return [.. members.Where((_, i) => nodes[i] is { } node && alive[node])];
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw new ClusterUnavailableException("Redis cannot be reached.", ex);
        }
    }

    /// <summary>Asks for this node's whole part to be written again (Redis lost it).</summary>
    public void RequestResync() => Volatile.Write(ref _resyncNeeded, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<DirectoryChange>(BatchSize);
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var waitForChange = _changes.Reader.WaitToReadAsync(stoppingToken).AsTask();
        var waitForTick = tick.WaitForNextTickAsync(stoppingToken).AsTask();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A change to write, or a second gone by (to try a pending resync again).
                var woke = await Task.WhenAny(waitForChange, waitForTick).ConfigureAwait(false);
                if (woke == waitForChange)
                {
                    if (!await waitForChange.ConfigureAwait(false))
                    {
                        return;
                    }

                    waitForChange = _changes.Reader.WaitToReadAsync(stoppingToken).AsTask();
                }
                else
                {
                    await waitForTick.ConfigureAwait(false);
                    waitForTick = tick.WaitForNextTickAsync(stoppingToken).AsTask();
                }

                if (Volatile.Read(ref _resyncNeeded) == 1 && _redis.IsConnected)
                {
                    // The resync writes everything the queue holds too.
                    while (_changes.Reader.TryRead(out _))
                    {
                    }

                    await ResyncAsync().ConfigureAwait(false);
                    continue;
                }

                while (batch.Count < BatchSize && _changes.Reader.TryRead(out var change))
                {
                    batch.Add(change);
                }

                if (batch.Count > 0)
                {
                    await WriteAsync(batch).ConfigureAwait(false);
                    batch.Clear();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Whatever failed, the node stays up and its whole part is written again once Redis answers.
                batch.Clear();
                Volatile.Write(ref _resyncNeeded, 1);
                Log.WriteFailed(_logger, ex.Message);
            }
        }
    }

    private void Post(DirectoryChange change)
    {
        if (!_changes.Writer.TryWrite(change))
        {
            // More changes than the queue holds (Redis away a long time): the resync writes them all.
            Volatile.Write(ref _resyncNeeded, 1);
        }
    }

    private async Task WriteAsync(List<DirectoryChange> batch)
    {
        var keys = _redis.Keys;
        var node = _bus.NodeId;
        var work = _redis.Database.CreateBatch();
        var writes = new List<Task>(batch.Count * 3);
        foreach (var change in batch)
        {
            var connection = keys.Connection(change.ConnectionId);
            switch (change.Kind)
            {
                case DirectoryChangeKind.Added:
                    writes.Add(work.HashSetAsync(connection, RedisKeys.NodeField, node));
                    writes.Add(work.SetAddAsync(keys.NodeConnections(node), change.ConnectionId));
                    break;
                case DirectoryChangeKind.UserChanged:
                    if (change.PreviousUserId is { } previous)
                    {
                        writes.Add(work.SetRemoveAsync(keys.User(previous), change.ConnectionId));
                    }

                    if (change.UserId is { } user)
                    {
                        writes.Add(work.HashSetAsync(connection, RedisKeys.UserField, user));
                        writes.Add(work.SetAddAsync(keys.User(user), change.ConnectionId));
                    }
                    else
                    {
                        writes.Add(work.HashDeleteAsync(connection, RedisKeys.UserField));
                    }

                    break;
                case DirectoryChangeKind.Removed:
                    writes.Add(work.KeyDeleteAsync(connection));
                    writes.Add(work.SetRemoveAsync(keys.NodeConnections(node), change.ConnectionId));
                    if (change.PreviousUserId is { } owner)
                    {
                        writes.Add(work.SetRemoveAsync(keys.User(owner), change.ConnectionId));
                    }

                    break;
            }
        }

        work.Execute();
        await Task.WhenAll(writes).ConfigureAwait(false);
    }

    /// <summary>Writes this node's part of the directory again from its registry, and drops entries it no longer holds.</summary>
    private async Task ResyncAsync()
    {
        Volatile.Write(ref _resyncNeeded, 0);
        var keys = _redis.Keys;
        var node = _bus.NodeId;
        var db = _redis.Database;
        var local = _registry.All.ToList();
        var held = new HashSet<string>(local.Select(c => c.ConnectionId), StringComparer.Ordinal);
        var stored = (await db.SetMembersAsync(keys.NodeConnections(node)).ConfigureAwait(false)).Select(m => m.ToString()).ToList();
        var work = db.CreateBatch();
        var writes = new List<Task>();
        foreach (var gone in stored.Where(c => !held.Contains(c)))
        {
            writes.Add(work.KeyDeleteAsync(keys.Connection(gone)));
            writes.Add(work.SetRemoveAsync(keys.NodeConnections(node), gone));
        }

        foreach (var connection in local)
        {
            var key = keys.Connection(connection.ConnectionId);
            writes.Add(work.HashSetAsync(key, RedisKeys.NodeField, node));
            writes.Add(work.SetAddAsync(keys.NodeConnections(node), connection.ConnectionId));
            if (connection.UserId is { } user)
            {
                writes.Add(work.HashSetAsync(key, RedisKeys.UserField, user));
                writes.Add(work.SetAddAsync(keys.User(user), connection.ConnectionId));
            }
        }

        work.Execute();
        await Task.WhenAll(writes).ConfigureAwait(false);
        Log.Resynced(_logger, local.Count);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "The connection directory could not be written to Redis ({Reason}); it is written again in full once Redis answers.")]
        public static partial void WriteFailed(ILogger logger, string reason);

        [LoggerMessage(2, LogLevel.Information, "Wrote this node's {Count} connections to the directory in Redis again.")]
        public static partial void Resynced(ILogger logger, int count);
    }
}
