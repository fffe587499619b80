using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SignalRPub.Admin;

namespace SignalRPub.Health;

/// <summary>
/// Ready once the host has started (every hosted service, the admin listener among them, is up) and until it begins
/// to stop: a stopping node answers 503 so that a load balancer drains it before it closes its sockets. The gateway
/// listener is up, since it carries the probe; the admin listener must listen when it is on.
/// </summary>
internal sealed class ListenersHealthCheck(IHostApplicationLifetime lifetime, IServer server, AdminServer admin, IOptions<SignalRPubOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["gateway"] = string.Join(' ', server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []),
        };
        var adminOn = options.Value.Admin.Enabled;
        if (adminOn)
        {
            data["admin"] = string.Join(' ', admin.Addresses);
        }

        var result = lifetime.ApplicationStopping.IsCancellationRequested ? HealthCheckResult.Unhealthy("the node is stopping", data: data)
            : !lifetime.ApplicationStarted.IsCancellationRequested ? HealthCheckResult.Unhealthy("the node is starting", data: data)
            : adminOn && !admin.IsListening ? HealthCheckResult.Unhealthy("the admin listener is not listening", data: data)
            : HealthCheckResult.Healthy("listening", data);
        return Task.FromResult(result);
    }
}
