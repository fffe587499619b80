using System.Text.Json.Nodes;
using SignalRPub.Actions;
using SignalRPub.Routing;
using SignalRPub.Upstreams;

namespace SignalRPub.Admin;

/// <summary>
/// The answer of <c>GET /signalrpub/routes</c>: every route in force on this gateway node, in id order, and for each
/// node of a route's upstream the passive health this gateway node keeps and the latency of the attempts it made over
/// <see cref="UpstreamLatencies.Window"/>.
/// </summary>
internal sealed class RoutesReport(RouteTableProvider routes, UpstreamStates states, UpstreamLatencies latencies)
{
    public JsonObject Build(string nodeId)
    {
        var live = states.Live.ToDictionary(s => s.Config.Key, StringComparer.Ordinal);
        var list = new JsonArray();
        foreach (var route in routes.Current.Routes.OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            var nodes = new JsonArray();
            if (route.Upstream is { } upstream)
            {
                live.TryGetValue(upstream.Key, out var state);
                for (var i = 0; i < upstream.Nodes.Count; i++)
                {
                    nodes.Add(Node(route.Id, upstream.Nodes[i], state?.Health[i]));
                }
            }

            list.Add(new JsonObject
            {
                ["id"] = route.Id,
                ["uri"] = route.Uri,
                ["kind"] = route.IsEntry ? "entry" : "action",
                ["action"] = route.IsEntry ? null : ActionNames.Of(route.Action),
                ["balancer"] = route.Upstream?.Type,
                ["nodes"] = nodes,
            });
        }

        return new JsonObject { ["node"] = nodeId, ["windowSeconds"] = (int)UpstreamLatencies.Window.TotalSeconds, ["routes"] = list };
    }

    private JsonObject Node(string routeId, UpstreamNode node, NodeHealth? health)
    {
        var latency = latencies.Of(routeId, node.Authority);
        return new JsonObject
        {
            ["node"] = node.Authority,
            ["weight"] = node.Weight,
            ["healthy"] = health?.IsHealthy ?? true,
            ["consecutiveFailures"] = health?.ConsecutiveFailures ?? 0,
            ["calls"] = latency.Calls,
            ["errors"] = latency.Errors,
            ["p50Ms"] = Milliseconds(latency, latency.P50),
            ["p90Ms"] = Milliseconds(latency, latency.P90),
            ["p99Ms"] = Milliseconds(latency, latency.P99),
            ["maxMs"] = Milliseconds(latency, latency.Max),
        };
    }

    // No attempt in the window: no latency to tell (null), rather than a latency of zero.
    private static JsonNode? Milliseconds(LatencySummary latency, double seconds) =>
        latency.Calls == 0 ? null : JsonValue.Create(Math.Round(seconds * 1000, 3));
}
