using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SignalRPub.Security;
using StackExchange.Redis;

namespace SignalRPub.Redis;

/// <summary>
/// The token secret of a cluster: the configured one when there is one; otherwise the first node to start makes one
/// and stores it in Redis if none is there yet (atomically), and every node takes the stored one, so a token from any
/// node verifies on every node, across restarts of any of them. A Redis that lost it is given it back
/// (<see cref="EnsureStoredAsync"/>).
/// </summary>
internal sealed partial class RedisTokenSecret : ITokenSecret
{
    private readonly RedisConnection _redis;
    private readonly bool _configured;

    public RedisTokenSecret(RedisConnection redis, IOptions<SignalRPubOptions> options, ILogger<RedisTokenSecret> logger)
    {
        _redis = redis;
        var configured = options.Value.Security.TokenSecret;
        if (!string.IsNullOrEmpty(configured))
        {
            _configured = true;
            Value = Encoding.UTF8.GetBytes(configured);
            return;
        }

        var db = redis.Database;
        var made = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var created = db.StringSet(redis.Keys.TokenSecret, made, when: When.NotExists);
        var stored = (string?)db.StringGet(redis.Keys.TokenSecret) ?? made;
        Value = Convert.FromBase64String(stored);
        if (created)
        {
            Log.Created(logger);
        }
    }

    public byte[] Value { get; }

    /// <summary>Stores the secret this node holds when Redis has none (it restarted empty); the agreed one, so all nodes still agree.</summary>
    public async Task EnsureStoredAsync()
    {
        if (!_configured)
        {
            await _redis.Database.StringSetAsync(_redis.Keys.TokenSecret, Convert.ToBase64String(Value), when: When.NotExists).ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "No token secret was configured or stored: made one for the cluster and stored it in Redis.")]
        public static partial void Created(ILogger logger);
    }
}
