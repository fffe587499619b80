using System.Text.Json.Nodes;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>Route objects as PROTOCOL.md §2 writes them, for the <c>SignalRPub:Routes</c> configuration.</summary>
internal static class TestRoutes
{
    /// <summary>The seed's six routes; with <paramref name="upstream"/>, every action route asks the fake upstream.</summary>
    public static JsonArray Seed(bool upstream = false) =>
    [
        Entry(SeedUris.EntryId, SeedUris.Entry),
        Action("11", SeedUris.Register, "register", SeedUris.EntryId, upstream),
        Action("12", SeedUris.SubAdd, "sub_add", SeedUris.EntryId, upstream),
        Action("13", SeedUris.SubPut, "sub_put", SeedUris.EntryId, upstream),
        Action("14", SeedUris.SubDelete, "sub_delete", SeedUris.EntryId, upstream),
        Action("15", SeedUris.Disconnect, "disconnect", SeedUris.EntryId, upstream),
    ];

    /// <summary>A WebSocket entry route (plugin <c>ht-ws-msg-pub</c>).</summary>
    public static JsonObject Entry(string id, string uri) => new()
    {
        ["id"] = id,
        ["uri"] = uri,
        ["plugins"] = new JsonObject { ["ht-ws-msg-pub"] = new JsonObject() },
    };

    /// <summary>An action route (plugin <c>ht-msg-sub</c>), owned by <paramref name="superiorId"/> when it is not null.</summary>
    public static JsonObject Action(string id, string uri, string action, string? superiorId = null, bool upstream = false)
    {
        var plugin = new JsonObject { ["action"] = action };
        if (upstream)
        {
            plugin["upstream"] = FakeUpstream();
        }

        var route = new JsonObject
        {
            ["id"] = id,
            ["uri"] = uri,
            ["plugins"] = new JsonObject { ["ht-msg-sub"] = plugin },
        };
        if (superiorId is not null)
        {
            route["labels"] = new JsonObject { ["superior_id"] = superiorId };
        }

        return route;
    }

    /// <summary>An upstream whose one node is never dialled: tests replace the forwarder with a <see cref="FakeForwarder"/>.</summary>
    public static JsonObject FakeUpstream() => new()
    {
        ["type"] = "roundrobin",
        ["nodes"] = new JsonArray(new JsonObject { ["host"] = "fake", ["port"] = 1, ["weight"] = 1 }),
    };
}
