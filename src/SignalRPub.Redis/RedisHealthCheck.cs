using Microsoft.Extensions.Diagnostics.HealthChecks;
using SignalRPub.Health;

namespace SignalRPub.Redis;

/// <summary>
/// Ready while this node's connection to Redis is up: without it, pushes and actions across nodes answer 503, and a
/// new connection cannot join its groups, so a load balancer should send new clients elsewhere.
/// </summary>
internal sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(redis.IsConnected
            ? HealthCheckResult.Healthy("connected")
            : HealthCheckResult.Unhealthy("Redis cannot be reached: pushes and actions across nodes answer 503 until it is back"));
}
