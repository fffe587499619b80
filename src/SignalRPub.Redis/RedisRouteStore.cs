using Microsoft.Extensions.Primitives;
using SignalRPub.Admin;
using SignalRPub.Cluster;
using StackExchange.Redis;

namespace SignalRPub.Redis;

/// <summary>
/// Routes and plugin metadata in Redis, one document for the cluster with a version. A save is one script that
/// replaces the document only over the version it names, raises the version and tells every node on a channel. Each
/// node also looks at the version once a second, so a change reaches every node within a second even when a
/// notification was missed, and a Redis that lost the document (restarted empty) is noticed and given the routes in
/// force back by the catalog.
/// </summary>
internal sealed class RedisRouteStore : IRouteStore, IDisposable
{
    public static readonly TimeSpan PollPeriod = TimeSpan.FromSeconds(1);

    // The channel's name passes as a key: PUBLISH takes any name (a plain Redis, not a Redis Cluster).
    private static readonly LuaScript s_save = LuaScript.Prepare("""
        local current = redis.call('GET', @version) or '0'
        if current ~= @expected then return -1 end
        redis.call('SET', @document, @body)
        local next = redis.call('INCR', @version)
        redis.call('PUBLISH', @channel, next)
        return next
        """);

    private readonly RedisConnection _redis;
    private readonly Timer _poll;
    private CancellationTokenSource _changed = new();
    private long _seen = -1;

    public RedisRouteStore(RedisConnection redis)
    {
        _redis = redis;
        redis.Subscriber.Subscribe(redis.Keys.RoutesChanged).OnMessage(_ => Changed());
        redis.OnRestored(Changed);
        _poll = new Timer(static state => _ = ((RedisRouteStore)state!).PollAsync(), this, PollPeriod, PollPeriod);
    }

    public RouteDocument? Load() => LoadAsync(CancellationToken.None).GetAwaiter().GetResult();

    public async Task<RouteDocument?> LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var values = await _redis.Database.StringGetAsync([_redis.Keys.Routes, _redis.Keys.RoutesVersion]).ConfigureAwait(false);
            if (values[0].IsNull)
            {
                return null;
            }

            var version = values[1].IsNull ? 0 : (long)values[1];
            Volatile.Write(ref _seen, version);
            return RouteDocumentJson.Read((byte[])values[0]!, $"in Redis ({_redis.Keys.Routes})") with { Version = version };
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw new ClusterUnavailableException("Redis cannot be reached.", ex);
        }
    }

    public async Task<long?> SaveAsync(RouteDocument document, long expectedVersion, CancellationToken cancellationToken)
    {
        try
        {
            var result = (long)await EvaluateSaveAsync(document, expectedVersion).ConfigureAwait(false);
            return result < 0 ? null : result;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw new ClusterUnavailableException("Redis cannot be reached.", ex);
        }
    }

    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _changed).Token);

    public void Dispose() => _poll.Dispose();

    private Task<RedisResult> EvaluateSaveAsync(RouteDocument document, long expectedVersion) =>
        s_save.EvaluateAsync(_redis.Database, new
        {
            document = _redis.Keys.Routes,
            version = _redis.Keys.RoutesVersion,
            channel = (RedisKey)_redis.Keys.RoutesChanged.ToString(),
            expected = expectedVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            body = RouteDocumentJson.Write(document),
        });

    private async Task PollAsync()
    {
        try
        {
            var version = await _redis.Database.StringGetAsync(_redis.Keys.RoutesVersion).ConfigureAwait(false);
            var now = version.IsNull ? 0 : (long)version;
            if (now != Volatile.Read(ref _seen))
            {
                Changed();
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Redis away: the routes in force stay; the next poll tries again.
        }
    }

    // Not disposed: a callback may still be registering on the token it gave out; the GC takes it.
    private void Changed() => Interlocked.Exchange(ref _changed, new CancellationTokenSource()).Cancel();
}
