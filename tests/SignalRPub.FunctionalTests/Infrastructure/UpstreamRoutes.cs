using System.Text.Json.Nodes;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>Routes whose upstreams are real HTTP servers (<see cref="FakeUpstream"/>, or closed ports), PROTOCOL.md §2 and §7.</summary>
internal static class UpstreamRoutes
{
    /// <summary>
    /// The seed's six routes (ids and URIs as <see cref="SeedUris"/>); each action route asks the upstream given
    /// for it, and applies its action locally when none is given.
    /// </summary>
    public static JsonArray Seed(
        JsonObject? register = null,
        JsonObject? subAdd = null,
        JsonObject? subPut = null,
        JsonObject? subDelete = null,
        JsonObject? disconnect = null) =>
    [
        TestRoutes.Entry(SeedUris.EntryId, SeedUris.Entry),
        WithUpstream(TestRoutes.Action("11", SeedUris.Register, "register", SeedUris.EntryId), register),
        WithUpstream(TestRoutes.Action("12", SeedUris.SubAdd, "sub_add", SeedUris.EntryId), subAdd),
        WithUpstream(TestRoutes.Action("13", SeedUris.SubPut, "sub_put", SeedUris.EntryId), subPut),
        WithUpstream(TestRoutes.Action("14", SeedUris.SubDelete, "sub_delete", SeedUris.EntryId), subDelete),
        WithUpstream(TestRoutes.Action("15", SeedUris.Disconnect, "disconnect", SeedUris.EntryId), disconnect),
    ];

    /// <summary>A <c>roundrobin</c> upstream of <paramref name="nodes"/>.</summary>
    public static JsonObject RoundRobin(params JsonObject[] nodes) => Upstream("roundrobin", nodes);

    /// <summary>A <c>chash</c> upstream of <paramref name="nodes"/>.</summary>
    public static JsonObject ConsistentHash(params JsonObject[] nodes) => Upstream("chash", nodes);

    /// <summary>Sets <c>timeout</c> to <paramref name="seconds"/> for each of connect, send and read; returns <paramref name="upstream"/>.</summary>
    public static JsonObject WithTimeout(this JsonObject upstream, double seconds)
    {
        upstream["timeout"] = new JsonObject { ["connect"] = seconds, ["send"] = seconds, ["read"] = seconds };
        return upstream;
    }

    /// <summary>Puts <paramref name="upstream"/> (when not null) into the plugin of an action route; returns <paramref name="route"/>.</summary>
    public static JsonObject WithUpstream(JsonObject route, JsonObject? upstream)
    {
        if (upstream is not null)
        {
            route["plugins"]!["ht-msg-sub"]!["upstream"] = upstream.DeepClone();
        }

        return route;
    }

    private static JsonObject Upstream(string type, JsonObject[] nodes) => new()
    {
        ["type"] = type,
        ["nodes"] = new JsonArray([.. nodes.Select(n => (JsonNode)n.DeepClone())]),
    };
}
