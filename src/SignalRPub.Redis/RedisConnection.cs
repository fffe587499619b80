using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SignalRPub.Redis;

/// <summary>
/// The node's connection to Redis for everything but the SignalR backplane (which keeps its own): the directory, the
/// routes, the bus between nodes, the heartbeat. Connected when first needed, waiting for Redis at most
/// <see cref="RedisClusterOptions.StartupTimeoutSeconds"/>; afterwards it reconnects by itself. Commands fail at once
/// while Redis is away (no backlog) and time out after a second, so nothing waits on a Redis that hangs.
/// </summary>
internal sealed partial class RedisConnection : IAsyncDisposable
{
    /// <summary>How long one command may take before it counts as failed.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(1);

    private readonly ConnectionMultiplexer _multiplexer;
    private readonly ILogger _logger;

    public RedisConnection(IOptions<SignalRPubOptions> options, ILogger<RedisConnection> logger)
    {
        _logger = logger;
        var redis = options.Value.Redis;
        Keys = new RedisKeys(redis.Prefix);
        var configuration = Configure(redis.Configuration!);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(redis.StartupTimeoutSeconds);
        _multiplexer = ConnectionMultiplexer.Connect(configuration);
        while (!_multiplexer.IsConnected)
        {
            if (DateTime.UtcNow > deadline)
            {
                _multiplexer.Dispose();
                throw new InvalidOperationException(
                    $"Redis ({configuration.ToString(includePassword: false)}) could not be reached within {redis.StartupTimeoutSeconds} s (SignalRPub:Redis:StartupTimeoutSeconds).");
            }

            // Bounded start-up wait for a server that is not up yet; the multiplexer retries on its own meanwhile.
            Thread.Sleep(100);
        }

        _multiplexer.ConnectionFailed += (_, e) => Log.Lost(_logger, e.EndPoint?.ToString() ?? "?", e.FailureType.ToString());
        _multiplexer.ConnectionRestored += (_, e) => Log.Restored(_logger, e.EndPoint?.ToString() ?? "?");
        Log.Connected(logger, configuration.ToString(includePassword: false), redis.Prefix);
    }

    public RedisKeys Keys { get; }

    public bool IsConnected => _multiplexer.IsConnected;

    public IDatabase Database => _multiplexer.GetDatabase();

    public ISubscriber Subscriber => _multiplexer.GetSubscriber();

    /// <summary>Runs <paramref name="action"/> whenever Redis can be reached again after it could not (a restart, a mended cut).</summary>
    public void OnRestored(Action action) => _multiplexer.ConnectionRestored += (_, _) => action();

    /// <summary>The settings of every connection of this gateway to Redis, the backplane's included.</summary>
    public static ConfigurationOptions Configure(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.AsyncTimeout = (int)CommandTimeout.TotalMilliseconds;
        options.SyncTimeout = (int)CommandTimeout.TotalMilliseconds;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2000);
        options.KeepAlive = 5;

        // Pushes stop while Redis is away: come back within a second of its return, not after a growing backoff.
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        options.ClientName ??= "signalrpub";
        return options;
    }

    public async ValueTask DisposeAsync() => await _multiplexer.DisposeAsync().ConfigureAwait(false);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Joined the cluster through Redis {Redis} under the prefix {Prefix}.")]
        public static partial void Connected(ILogger logger, string redis, string prefix);

        [LoggerMessage(2, LogLevel.Warning, "Lost Redis at {EndPoint} ({Failure}): pushes and actions across nodes answer 503 until it is back.")]
        public static partial void Lost(ILogger logger, string endPoint, string failure);

        [LoggerMessage(3, LogLevel.Information, "Redis at {EndPoint} is back.")]
        public static partial void Restored(ILogger logger, string endPoint);
    }
}
