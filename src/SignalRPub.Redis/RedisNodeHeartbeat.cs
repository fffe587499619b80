using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SignalRPub.Cluster;
using StackExchange.Redis;

namespace SignalRPub.Redis;

/// <summary>
/// Keeps this node alive in the cluster and the cluster tidy: a heartbeat key that expires after
/// <see cref="RedisClusterOptions.NodeTimeoutSeconds"/> unless renewed (three times per timeout). A node whose key
/// has expired is gone (killed, cut off): one live node clears its directory entries. When this node's own key was
/// missing although it had beaten before, Redis lost its data (restarted empty): the node writes its part of the
/// directory and the token secret again. A node sweeps others only after a whole timeout of beating without a break
/// (since it started, since Redis was away, since Redis lost its key): after an outage every node's key may have
/// expired, and the others need that long to beat again before they can be taken for gone. A node that stops cleanly
/// leaves at once.
/// </summary>
internal sealed partial class RedisNodeHeartbeat(
    RedisConnection redis,
    IClusterBus bus,
    RedisConnectionDirectory directory,
    RedisTokenSecret secret,
    IOptions<SignalRPubOptions> options,
    ILogger<RedisNodeHeartbeat> logger) : BackgroundService
{
    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(options.Value.Redis.NodeTimeoutSeconds);
    private bool _beaten;
    private long _sweepFrom = Environment.TickCount64 + (long)TimeSpan.FromSeconds(options.Value.Redis.NodeTimeoutSeconds).TotalMilliseconds;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_timeout / 3);
        do
        {
            try
            {
                await BeatAsync().ConfigureAwait(false);
                await SweepAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Redis away (the connection says so) or anything else: the next beat tries again; the node stays up.
                Log.BeatFailed(logger, ex.Message);
                PostponeSweeping();
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A clean stop leaves at once rather than when the heartbeat expires.
            await ClearAsync(bus.NodeId).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.BeatFailed(logger, ex.Message);
        }
    }

    private async Task BeatAsync()
    {
        var db = redis.Database;
        var key = redis.Keys.Node(bus.NodeId);
        if (await db.KeyExpireAsync(key, _timeout).ConfigureAwait(false))
        {
            return;
        }

        // This node's key had expired or was lost: so may every other node's have, while they are alive.
        PostponeSweeping();
        await db.StringSetAsync(key, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), _timeout).ConfigureAwait(false);
        await db.SetAddAsync(redis.Keys.Nodes, bus.NodeId).ConfigureAwait(false);
        if (_beaten)
        {
            Log.Lost(logger, bus.NodeId);
            directory.RequestResync();
            await secret.EnsureStoredAsync().ConfigureAwait(false);
        }

        _beaten = true;
    }

    /// <summary>Clears the entries of every node whose heartbeat expired; one node does each, under a short lock.</summary>
    private async Task SweepAsync()
    {
        if (Environment.TickCount64 < _sweepFrom)
        {
            return;
        }

        var db = redis.Database;
        foreach (var member in await db.SetMembersAsync(redis.Keys.Nodes).ConfigureAwait(false))
        {
            var node = member.ToString();
            if (node == bus.NodeId || await db.KeyExistsAsync(redis.Keys.Node(node)).ConfigureAwait(false))
            {
                continue;
            }

            if (await db.StringSetAsync(redis.Keys.Sweep(node), bus.NodeId, _timeout, When.NotExists).ConfigureAwait(false))
            {
                var cleared = await ClearAsync(node).ConfigureAwait(false);
                Log.Swept(logger, node, cleared);
            }
        }
    }

    private void PostponeSweeping() => _sweepFrom = Environment.TickCount64 + (long)_timeout.TotalMilliseconds;

    /// <summary>Removes a node and the directory entries of its connections; returns how many it had.</summary>
    private async Task<int> ClearAsync(string node)
    {
        var db = redis.Database;
        var keys = redis.Keys;
        var connections = await db.SetMembersAsync(keys.NodeConnections(node)).ConfigureAwait(false);
        foreach (var chunk in connections.Chunk(256))
        {
            var entries = await Task.WhenAll(chunk.Select(c => db.HashGetAsync(keys.Connection(c.ToString()), [RedisKeys.NodeField, RedisKeys.UserField]))).ConfigureAwait(false);
            var work = db.CreateBatch();
            var writes = new List<Task>();
            for (var i = 0; i < chunk.Length; i++)
            {
                var connection = chunk[i].ToString();

                // An entry another node wrote since (a reconnect there with the same id cannot happen; still) is left alone.
                if (entries[i][0] == node)
                {
                    writes.Add(work.KeyDeleteAsync(keys.Connection(connection)));
                }

                if (!entries[i][1].IsNull)
                {
                    writes.Add(work.SetRemoveAsync(keys.User(entries[i][1].ToString()), connection));
                }
            }

            work.Execute();
            await Task.WhenAll(writes).ConfigureAwait(false);
        }

        await db.KeyDeleteAsync([keys.NodeConnections(node), keys.Node(node)]).ConfigureAwait(false);
        await db.SetRemoveAsync(keys.Nodes, node).ConfigureAwait(false);
        return connections.Length;
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "The heartbeat could not reach Redis: {Reason}")]
        public static partial void BeatFailed(ILogger logger, string reason);

        [LoggerMessage(2, LogLevel.Warning, "Redis had lost this node ({NodeId}): it restarted empty or was cleared. Writing the node's connections and the token secret again.")]
        public static partial void Lost(ILogger logger, string nodeId);

        [LoggerMessage(3, LogLevel.Information, "Node {NodeId} stopped beating: cleared its {Count} connections from the directory.")]
        public static partial void Swept(ILogger logger, string nodeId, int count);
    }
}
