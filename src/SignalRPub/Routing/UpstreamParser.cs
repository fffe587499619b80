using System.Text.Json.Nodes;

namespace SignalRPub.Routing;

/// <summary>Parses an upstream object: <c>nodes</c> (list or APISIX map), <c>type</c>, <c>scheme</c>, <c>timeout</c>, <c>retries</c>.</summary>
internal static class UpstreamParser
{
    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal) { "roundrobin", "chash" };

    public static UpstreamConfig? Parse(JsonNode node, string where, ICollection<string> errors)
    {
        var before = errors.Count;
        if (node is not JsonObject upstream)
        {
            errors.Add($"{where}: must be an object with nodes");
            return null;
        }

        var nodes = ParseNodes(upstream["nodes"], $"{where}.nodes", errors);

        var type = "roundrobin";
        if (upstream["type"] is { } typeNode && (!JsonValues.TryGetString(typeNode, out type) || !Types.Contains(type)))
        {
            errors.Add($"{where}.type: must be one of {string.Join(", ", Types)}");
        }

        var scheme = "http";
        if (upstream["scheme"] is { } schemeNode && (!JsonValues.TryGetString(schemeNode, out scheme) || scheme is not ("http" or "https")))
        {
            errors.Add($"{where}.scheme: must be http or https");
        }

        var timeout = ParseTimeout(upstream["timeout"], $"{where}.timeout", errors);

        int? retries = null;
        if (upstream["retries"] is { } retriesNode)
        {
            if (!JsonValues.TryGetInt(retriesNode, out var value) || value < 0)
            {
                errors.Add($"{where}.retries: must be an integer ≥ 0");
            }
            else
            {
                retries = value;
            }
        }

        if (errors.Count != before || nodes is null)
        {
            return null;
        }

        return new UpstreamConfig
        {
            Nodes = nodes,
            Type = type,
            Scheme = scheme,
            Timeout = timeout,
            Retries = retries ?? nodes.Count - 1,
        };
    }

    private static List<UpstreamNode>? ParseNodes(JsonNode? node, string where, ICollection<string> errors)
    {
        var before = errors.Count;
        var nodes = new List<UpstreamNode>();
        switch (node)
        {
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    ParseListNode(list[i], $"{where}[{i}]", nodes, errors);
                }

                break;
            case JsonObject map:
                foreach (var (key, weight) in map)
                {
                    ParseMapNode(key, weight, $"{where}.{key}", nodes, errors);
                }

                break;
            default:
                errors.Add($"{where}: required, a list of {{host, port, weight}} or a map {{\"host:port\": weight}}");
                return null;
        }

        if (errors.Count == before && nodes.Count == 0)
        {
            errors.Add($"{where}: at least one node is required");
        }
        else if (errors.Count == before && nodes.All(n => n.Weight == 0))
        {
            errors.Add($"{where}: at least one node needs a weight above 0");
        }

        return errors.Count == before ? nodes : null;
    }

    private static void ParseListNode(JsonNode? node, string where, List<UpstreamNode> nodes, ICollection<string> errors)
    {
        if (node is not JsonObject obj)
        {
            errors.Add($"{where}: must be an object {{host, port, weight}}");
            return;
        }

        var host = JsonValues.TryGetString(obj["host"], out var text) ? UpstreamNode.NormaliseHost(text) : null;
        if (host is null)
        {
            errors.Add($"{where}.host: required, a DNS name, an IPv4 address or an IPv6 address, without a port (that goes in port)");
        }

        var port = 80;
        if (obj["port"] is { } portNode && (!JsonValues.TryGetInt(portNode, out port) || port is < 1 or > 65535))
        {
            errors.Add($"{where}.port: must be an integer 1–65535");
        }

        var weight = 1;
        if (obj["weight"] is { } weightNode && (!JsonValues.TryGetInt(weightNode, out weight) || weight is < 0 or > 65535))
        {
            errors.Add($"{where}.weight: must be an integer 0–65535");
        }

        if (host is not null && port is >= 1 and <= 65535 && weight is >= 0 and <= 65535)
        {
            Add(new UpstreamNode(host, port, weight), where, nodes, errors);
        }
    }

    private static void ParseMapNode(string key, JsonNode? weightNode, string where, List<UpstreamNode> nodes, ICollection<string> errors)
    {
        if (!TrySplitHostPort(key, out var hostText, out var port) || UpstreamNode.NormaliseHost(hostText) is not { } host)
        {
            errors.Add($"{where}: the key must be host:port (a DNS name, an IPv4 address or an [IPv6] address, and a port 1–65535)");
            return;
        }

        if (!JsonValues.TryGetInt(weightNode, out var weight) || weight is < 0 or > 65535)
        {
            errors.Add($"{where}: the weight must be an integer 0–65535");
            return;
        }

        Add(new UpstreamNode(host, port, weight), where, nodes, errors);
    }

    /// <summary>Splits <c>host</c>, <c>host:port</c>, <c>[v6]</c> or <c>[v6]:port</c>; an IPv6 address needs its brackets here.</summary>
    private static bool TrySplitHostPort(string key, out string host, out int port)
    {
        port = 80;
        string portText;
        if (key.StartsWith('['))
        {
            var close = key.IndexOf(']');
            host = close < 0 ? key : key[..(close + 1)];
            var rest = close < 0 ? "" : key[(close + 1)..];
            if (close < 0 || rest.Length == 0)
            {
                return close >= 0;
            }

            if (rest[0] != ':')
            {
                return false;
            }

            portText = rest[1..];
        }
        else
        {
            var parts = key.Split(':');
            host = parts[0];
            if (parts.Length != 2)
            {
                return parts.Length == 1;
            }

            portText = parts[1];
        }

        return portText.Length is >= 1 and <= 5 && portText.All(char.IsAsciiDigit)
            && int.TryParse(portText, System.Globalization.CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;
    }

    private static void Add(UpstreamNode node, string where, List<UpstreamNode> nodes, ICollection<string> errors)
    {
        if (!node.CanBuildUri("http"))
        {
            errors.Add($"{where}: {node.Authority} cannot be called (no request URI can be made for it)");
            return;
        }

        nodes.Add(node);
    }

    private static UpstreamTimeout ParseTimeout(JsonNode? node, string where, ICollection<string> errors)
    {
        if (node is null)
        {
            return UpstreamTimeout.Default;
        }

        if (node is not JsonObject obj)
        {
            errors.Add($"{where}: must be an object {{connect, send, read}} in seconds");
            return UpstreamTimeout.Default;
        }

        double Read(string name, double fallback)
        {
            if (obj[name] is not { } value)
            {
                return fallback;
            }

            if (!JsonValues.TryGetDouble(value, out var seconds) || seconds <= 0 || seconds > 3600)
            {
                errors.Add($"{where}.{name}: must be a number of seconds above 0 and at most 3600");
                return fallback;
            }

            return seconds;
        }

        var d = UpstreamTimeout.Default;
        return new UpstreamTimeout(Read("connect", d.Connect), Read("send", d.Send), Read("read", d.Read));
    }
}
