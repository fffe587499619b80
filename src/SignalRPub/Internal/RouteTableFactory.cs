using Microsoft.Extensions.Configuration;
using SignalRPub.Routing;

namespace SignalRPub.Internal;

/// <summary>Loads the first route table from configuration, refusing to start on any error.</summary>
internal static class RouteTableFactory
{
    public static RouteTableProvider Create(IConfiguration configuration)
    {
        var errors = new List<string>();
        var table = ConfigurationRoutes.Load(configuration, errors);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"{ConfigurationRoutes.SectionName} is not valid:{Environment.NewLine} - {string.Join($"{Environment.NewLine} - ", errors)}");
        }

        return new RouteTableProvider(table);
    }
}
