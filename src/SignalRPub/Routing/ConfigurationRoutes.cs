using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace SignalRPub.Routing;

/// <summary>Reads <c>SignalRPub:Routes</c>, a list of APISIX route objects, from configuration.</summary>
internal static class ConfigurationRoutes
{
    public const string SectionName = "SignalRPub:Routes";

    public static RouteTable Load(IConfiguration configuration, ICollection<string> errors)
    {
        var routes = new List<RouteConfig>();
        var section = configuration.GetSection(SectionName);
        foreach (var child in section.GetChildren())
        {
            var route = RouteParser.Parse(ToJson(child), id: null, $"{SectionName}:{child.Key}", errors);
            if (route is not null)
            {
                routes.Add(route);
            }
        }

        return RouteTable.Create(routes, errors) ?? RouteTable.Empty;
    }

    /// <summary>
    /// Configuration splits keys on ':', so an APISIX node map <c>{"host:1975": 1}</c> arrives as
    /// <c>{"host": {"1975": "1"}}</c>; this puts the <c>host:port</c> keys back together.
    /// </summary>
    private static JsonObject JoinNodeMapKeys(JsonObject nodes)
    {
        var joined = new JsonObject();
        foreach (var (host, value) in nodes.ToList())
        {
            if (value is JsonObject ports && ports.Count > 0 && ports.All(p => p.Value is JsonValue && int.TryParse(p.Key, out _)))
            {
                foreach (var (port, weight) in ports.ToList())
                {
                    joined[$"{host}:{port}"] = weight?.DeepClone();
                }
            }
            else
            {
                joined[host] = value?.DeepClone();
            }
        }

        return joined;
    }

    /// <summary>The route with <paramref name="id"/> as a JSON object, as configuration holds it.</summary>
    public static JsonObject ToJsonObject(IConfiguration configuration, string id)
    {
        foreach (var child in configuration.GetSection(SectionName).GetChildren())
        {
            if (ToJson(child) is JsonObject route && JsonValues.TryGetString(route["id"], out var routeId) && routeId == id)
            {
                return route;
            }
        }

        throw new InvalidOperationException($"No route {id} in {SectionName}.");
    }

    /// <summary>
    /// Rebuilds JSON from a configuration section. Configuration keeps only strings, so numbers come back
    /// as strings (the parsers accept both) and a section whose keys are 0..n-1 comes back as an array.
    /// </summary>
    internal static JsonNode? ToJson(IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            return section.Value is null ? null : JsonValue.Create(section.Value);
        }

        var isArray = children.Select((c, i) => c.Key == i.ToString(System.Globalization.CultureInfo.InvariantCulture)).All(x => x);
        if (isArray)
        {
            var array = new JsonArray();
            foreach (var child in children.OrderBy(c => int.Parse(c.Key, System.Globalization.CultureInfo.InvariantCulture)))
            {
                array.Add(ToJson(child));
            }

            return array;
        }

        var obj = new JsonObject();
        foreach (var child in children)
        {
            obj[child.Key] = ToJson(child);
        }

        return section.Key == "nodes" ? JoinNodeMapKeys(obj) : obj;
    }
}
