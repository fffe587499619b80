using Microsoft.Extensions.Diagnostics.HealthChecks;
using SignalRPub.Admin;

namespace SignalRPub.Health;

/// <summary>
/// Ready once the route store has been read and its routes are in force (the catalog refuses to exist otherwise, so a
/// node whose routes cannot be loaded never starts); reports how many routes and which version of the store.
/// </summary>
internal sealed class RoutesHealthCheck(RouteCatalog catalog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["routes"] = catalog.Tables.Current.Routes.Count,
            ["version"] = catalog.Version,
        };
        return Task.FromResult(HealthCheckResult.Healthy("the route store is loaded", data));
    }
}
