using System.Text.Json.Nodes;

namespace SignalRPub.Routing;

/// <summary>
/// Turns the APISIX route shapes of PROTOCOL.md §2 into <see cref="RouteConfig"/>, reporting every error at once.
/// </summary>
internal static class RouteParser
{
    public const string EntryPlugin = "ht-ws-msg-pub";
    public const string ActionPlugin = "ht-msg-sub";
    public const string ActionPluginSynonym = "ht-ws-msg-sub";

    private const string HubPath = GatewayPaths.Hub;
    private const string HealthPath = GatewayPaths.Health;
    private const string ReadyPath = GatewayPaths.Ready;

    // Reserved whether the demo page is served or not, so that turning it on never collides with a stored route.
    private const string DemoPath = GatewayPaths.Demo;

    // The whole version of the publish API is kept for its later endpoints, not only the one it has now.
    private const string ApiRoot = GatewayPaths.ApiRoot;

    /// <summary>Parses one route. <paramref name="id"/> wins over an <c>id</c> field in the object.</summary>
    public static RouteConfig? Parse(JsonNode? node, string? id, string where, ICollection<string> errors)
    {
        var before = errors.Count;
        if (node is not JsonObject route)
        {
            errors.Add($"{where}: a route must be a JSON object");
            return null;
        }

        if (id is null && !JsonValues.TryGetString(route["id"], out var ownId))
        {
            errors.Add($"{where}.id: required (a string or number)");
        }
        else
        {
            id ??= JsonValues.TryGetString(route["id"], out ownId) ? ownId : null;
        }

        if (id is not null && !RouteIds.IsValid(id))
        {
            errors.Add($"{where}.id: must be 1–64 characters of letters, digits, '.', '_' or '-'");
        }

        var uri = ParseUri(route["uri"], where, errors);
        var labels = ParseLabels(route["labels"], where, errors);
        var plugin = FindPlugin(route["plugins"], where, errors, out var pluginName);
        if (plugin is null)
        {
            return null;
        }

        if (pluginName == EntryPlugin)
        {
            if (route["upstream"] is not null)
            {
                errors.Add($"{where}.upstream: an entry route ({EntryPlugin}) has no upstream");
            }

            return errors.Count != before || id is null || uri is null
                ? null
                : new RouteConfig { Id = id, Uri = uri, IsEntry = true, Labels = labels };
        }

        // Every part is checked even when an earlier one failed, so one answer lists every error.
        var pluginWhere = $"{where}.plugins.{pluginName}";
        var action = ParseAction(plugin["action"], pluginWhere, errors);
        var upstream = ParseUpstreamLocation(route, plugin, where, pluginWhere, errors);
        if (errors.Count != before || action is null || id is null || uri is null)
        {
            return null;
        }

        labels.TryGetValue("superior_id", out var superiorId);
        return new RouteConfig
        {
            Id = id,
            Uri = uri,
            Action = action.Value,
            SuperiorId = superiorId,
            Upstream = upstream,
            Labels = labels,
        };
    }

    private static string? ParseUri(JsonNode? node, string where, ICollection<string> errors)
    {
        if (!JsonValues.TryGetString(node, out var uri) || uri.Length == 0)
        {
            errors.Add($"{where}.uri: required (a path such as /msg-pub)");
            return null;
        }

        if (uri[0] != '/' || uri.Length > 1024 || uri.Contains('?') || uri.Contains('#') || uri.Any(char.IsWhiteSpace) || uri.Contains('*'))
        {
            errors.Add($"{where}.uri: '{uri}' must be an exact path starting with '/' (no query, fragment, wildcard or whitespace)");
            return null;
        }

        if (IsReserved(uri))
        {
            errors.Add($"{where}.uri: '{uri}' is reserved for the gateway's own endpoints ({HubPath} and below, {ApiRoot} and below, {HealthPath}, {ReadyPath}, {DemoPath} and below)");
            return null;
        }

        return uri;
    }

    /// <summary>
    /// True for the paths of the gateway's own endpoints, which a route would shadow or be shadowed by. Compared as
    /// endpoint routing compares them: ignoring case and a trailing slash.
    /// </summary>
    private static bool IsReserved(string uri)
    {
        var path = uri.Length > 1 && uri[^1] == '/' ? uri[..^1] : uri;
        return IsOrIsUnder(path, HubPath) || IsOrIsUnder(path, ApiRoot) || path.Equals(HealthPath, StringComparison.OrdinalIgnoreCase)
            || path.Equals(ReadyPath, StringComparison.OrdinalIgnoreCase) || IsOrIsUnder(path, DemoPath);
    }

    private static bool IsOrIsUnder(string path, string root) =>
        path.StartsWith(root, StringComparison.OrdinalIgnoreCase) && (path.Length == root.Length || path[root.Length] == '/');

    private static Dictionary<string, string> ParseLabels(JsonNode? node, string where, ICollection<string> errors)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is null)
        {
            return labels;
        }

        if (node is not JsonObject obj)
        {
            errors.Add($"{where}.labels: must be an object of strings");
            return labels;
        }

        foreach (var (key, value) in obj)
        {
            if (!JsonValues.TryGetString(value, out var text))
            {
                errors.Add($"{where}.labels.{key}: must be a string");
                continue;
            }

            labels[key] = text;
        }

        return labels;
    }

    private static JsonObject? FindPlugin(JsonNode? node, string where, ICollection<string> errors, out string name)
    {
        name = string.Empty;
        var before = errors.Count;
        if (node is not JsonObject plugins)
        {
            errors.Add($"{where}.plugins: required, with one of {EntryPlugin}, {ActionPlugin} or {ActionPluginSynonym}");
            return null;
        }

        JsonObject? found = null;
        foreach (var (key, value) in plugins)
        {
            if (key is not (EntryPlugin or ActionPlugin or ActionPluginSynonym))
            {
                errors.Add($"{where}.plugins.{key}: plugin not supported (supported: {EntryPlugin}, {ActionPlugin}, {ActionPluginSynonym})");
                continue;
            }

            if (found is not null)
            {
                errors.Add($"{where}.plugins: more than one of {EntryPlugin}, {ActionPlugin}, {ActionPluginSynonym}");
                return null;
            }

            if (value is not JsonObject config)
            {
                // Configuration providers turn an empty object into an empty string or null.
                if (key == EntryPlugin && (value is null || (JsonValues.TryGetString(value, out var text) && text.Length == 0)))
                {
                    config = new JsonObject();
                }
                else
                {
                    errors.Add($"{where}.plugins.{key}: must be an object");
                    return null;
                }
            }

            found = config;
            name = key;
        }

        if (found is null && errors.Count == before)
        {
            errors.Add($"{where}.plugins: one of {EntryPlugin}, {ActionPlugin} or {ActionPluginSynonym} is required");
        }

        return found;
    }

    private static RouteAction? ParseAction(JsonNode? node, string where, ICollection<string> errors)
    {
        JsonValues.TryGetString(node, out var text);
        RouteAction? action = text switch
        {
            "register" => RouteAction.Register,
            "sub_add" or "sub_patch" => RouteAction.SubAdd,
            "sub_put" => RouteAction.SubPut,
            "sub_delete" => RouteAction.SubDelete,
            "disconnect" => RouteAction.Disconnect,
            _ => null,
        };
        if (action is null)
        {
            errors.Add($"{where}.action: must be one of register, sub_add, sub_patch, sub_put, sub_delete, disconnect");
        }

        return action;
    }

    private static UpstreamConfig? ParseUpstreamLocation(JsonObject route, JsonObject plugin, string where, string pluginWhere, ICollection<string> errors)
    {
        var locations = new List<(JsonNode Node, string Where)>();
        if (plugin["upstream"] is { } inPlugin)
        {
            locations.Add((inPlugin, $"{pluginWhere}.upstream"));
        }

        if (plugin["nodes"] is not null)
        {
            locations.Add((plugin, pluginWhere));
        }

        if (route["upstream"] is { } topLevel)
        {
            locations.Add((topLevel, $"{where}.upstream"));
        }

        if (locations.Count > 1)
        {
            errors.Add($"{where}: the upstream is given in more than one place ({string.Join(", ", locations.Select(l => l.Where))})");
            return null;
        }

        return locations.Count == 0 ? null : UpstreamParser.Parse(locations[0].Node, locations[0].Where, errors);
    }
}
