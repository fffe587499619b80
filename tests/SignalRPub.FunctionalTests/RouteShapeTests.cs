using System.Net.WebSockets;
using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>PROTOCOL.md §2: the route shapes and plugin synonyms loaded from configuration, and <c>superior_id</c>.</summary>
public sealed class RouteShapeTests
{
    private const string AddUri = "/shape/add";

    /// <summary>Each shape of an action route that asks an upstream; all must mean the same thing.</summary>
    public static TheoryData<string> UpstreamShapes => new()
    {
        "upstream-in-plugin",
        "nodes-in-plugin",
        "upstream-at-top-level",
        "nodes-as-map",
        "nodes-as-map-at-top-level",
        "ws-plugin-name",
        "without-type",
    };

    [Theory]
    [MemberData(nameof(UpstreamShapes))]
    public async Task ActionRoute_UpstreamShape_AsksUpstreamAndApplies(string shape)
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            o.Routes = TestRoutes.Seed();
            o.Routes.Add(ShapedAddRoute(shape));
            o.Forwarder = upstream;
        });
        await using var client = await gateway.ConnectRegisteredAsync();

        var response = await client.RequestAsync(AddUri, Frames.Topics("t1"));

        Assert.Equal(["t1"], Frames.Topics(response));
        var forwarded = Assert.Single(upstream.RequestsFor("sub_add"));
        var node = Assert.Single(forwarded.Route.Upstream!.Nodes);
        Assert.Equal(("mock-ms1975", 1975), (node.Host, node.Port));
    }

    [Fact]
    public async Task ActionRoute_NodesAsMapWithWeights_KeepsEveryNodeAndWeight()
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            o.Routes = TestRoutes.Seed();
            o.Routes.Add(new JsonObject
            {
                ["id"] = "90",
                ["uri"] = AddUri,
                ["plugins"] = new JsonObject
                {
                    ["ht-msg-sub"] = new JsonObject
                    {
                        ["action"] = "sub_add",
                        ["upstream"] = new JsonObject { ["nodes"] = new JsonObject { ["a.local:1975"] = 1, ["b.local:1976"] = 3 } },
                    },
                },
            });
            o.Forwarder = upstream;
        });
        await using var client = await gateway.ConnectRegisteredAsync();

        Frames.Topics(await client.RequestAsync(AddUri, Frames.Topics("t1")));

        var nodes = Assert.Single(upstream.RequestsFor("sub_add")).Route.Upstream!.Nodes.OrderBy(n => n.Host, StringComparer.Ordinal);
        Assert.Equal([("a.local", 1975, 1), ("b.local", 1976, 3)], nodes.Select(n => (n.Host, n.Port, n.Weight)));
    }

    [Fact]
    public async Task ActionRoute_WithoutUpstream_AppliesLocallyWithoutForwarding()
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.Forwarder = upstream);
        await using var client = await gateway.ConnectRegisteredAsync();

        Assert.Equal(["t1"], await client.SubscribeAsync("t1"));

        Assert.Empty(upstream.Requests);
    }

    [Theory]
    [InlineData("ht-msg-sub")]
    [InlineData("ht-ws-msg-sub")]
    public async Task ActionRoute_SubPatch_ActsAsSubAdd(string plugin)
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Routes.Add(new JsonObject
        {
            ["id"] = "91",
            ["uri"] = "/shape/patch",
            ["labels"] = new JsonObject { ["superior_id"] = "1" },
            ["plugins"] = new JsonObject { [plugin] = new JsonObject { ["action"] = "sub_patch" } },
        }));
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a");

        Assert.Equal(["a", "b"], Frames.Topics(await client.RequestAsync("/shape/patch", Frames.Topics("b"))));
    }

    [Fact]
    public async Task Routes_AllActionsUnderWsPluginName_Work()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Routes =
        [
            TestRoutes.Entry("1", "/ws"),
            WsPluginRoute("2", "/r", "register"),
            WsPluginRoute("3", "/a", "sub_add"),
            WsPluginRoute("4", "/p", "sub_put"),
            WsPluginRoute("5", "/d", "sub_delete"),
            WsPluginRoute("6", "/x", "disconnect"),
        ]);
        await using var client = await gateway.ConnectAsync("/ws");

        await client.RegisterAsync("/r");

        Assert.Equal(["a", "b"], Frames.Topics(await client.RequestAsync("/a", Frames.Topics("a", "b"))));
        Assert.Equal(["b", "c"], Frames.Topics(await client.RequestAsync("/p", Frames.Topics("b", "c"))));
        Assert.Equal(["c"], Frames.Topics(await client.RequestAsync("/d", Frames.Topics("b"))));
        Frames.AssertStatus(await client.RequestAsync("/x"), 200);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, (await client.WaitClosedAsync()).Status);
    }

    [Fact]
    public async Task ActionRoute_OfOtherEntry_Returns404NotFound()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = TwoEntries());
        await using var client = await gateway.ConnectAsync("/e2");
        await client.RegisterAsync("/both/register");

        Frames.AssertError(await client.RequestAsync("/e1/add", Frames.Topics("a")), 404, "not_found");
    }

    [Fact]
    public async Task ActionRoute_OfOwnEntry_IsServed()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = TwoEntries());
        await using var client = await gateway.ConnectAsync("/e1");
        await client.RegisterAsync("/both/register");

        Assert.Equal(["a"], Frames.Topics(await client.RequestAsync("/e1/add", Frames.Topics("a"))));
    }

    [Fact]
    public async Task RegisterRoute_OfOtherEntry_Returns404NotFound()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = TwoEntries());
        await using var client = await gateway.ConnectAsync("/e2");

        Frames.AssertError(await client.RequestAsync("/e1/register"), 404, "not_found");
    }

    [Theory]
    [InlineData("/e1")]
    [InlineData("/e2")]
    public async Task ActionRoute_WithoutSuperior_ServesEveryEntry(string entry)
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = TwoEntries());
        await using var client = await gateway.ConnectAsync(entry);

        await client.RegisterAsync("/both/register");

        Assert.Equal(["a"], Frames.Topics(await client.RequestAsync("/both/add", Frames.Topics("a"))));
    }

    [Fact]
    public async Task HttpAction_ForConnectionOfOtherEntry_Returns404NotFound()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = TwoEntries());
        await using var client = await gateway.ConnectAsync("/e2");
        await client.RegisterAsync("/both/register");

        var answer = await gateway.PostAsync("/e1/add", """{"topics":["a"]}""", client.Authorization);

        answer.AssertError(404, "not_found");
    }

    [Fact]
    public async Task SecondEntry_AcceptsWebSockets()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = TwoEntries());
        await using var first = await gateway.ConnectAsync("/e1");
        await using var second = await gateway.ConnectAsync("/e2");

        await first.RegisterAsync("/e1/register");
        await second.RegisterAsync("/both/register");

        Assert.NotEqual(first.ConnectionId, second.ConnectionId);
    }

    [Fact]
    public async Task WebSocket_OnNonEntryPath_IsRefused()
    {
        await using var gateway = await TestGateway.StartAsync();

        await Assert.ThrowsAnyAsync<WebSocketException>(() => gateway.ConnectAsync(SeedUris.SubAdd));
    }

    // Entry 1 at /e1 and entry 2 at /e2; /e1/* belong to entry 1, /both/* to every entry.
    private static JsonArray TwoEntries() =>
    [
        TestRoutes.Entry("1", "/e1"),
        TestRoutes.Entry("2", "/e2"),
        TestRoutes.Action("11", "/e1/register", "register", superiorId: "1"),
        TestRoutes.Action("12", "/e1/add", "sub_add", superiorId: "1"),
        TestRoutes.Action("21", "/both/register", "register"),
        TestRoutes.Action("22", "/both/add", "sub_add"),
    ];

    private static JsonObject WsPluginRoute(string id, string uri, string action) => new()
    {
        ["id"] = id,
        ["uri"] = uri,
        ["labels"] = new JsonObject { ["superior_id"] = "1" },
        ["plugins"] = new JsonObject { ["ht-ws-msg-sub"] = new JsonObject { ["action"] = action } },
    };

    private static JsonObject ShapedAddRoute(string shape)
    {
        JsonArray NodeList() => [new JsonObject { ["host"] = "mock-ms1975", ["port"] = 1975, ["weight"] = 1 }];
        JsonObject NodeMap() => new() { ["mock-ms1975:1975"] = 1 };

        var plugin = new JsonObject { ["action"] = "sub_add" };
        var route = new JsonObject { ["id"] = "90", ["uri"] = AddUri, ["labels"] = new JsonObject { ["superior_id"] = "1" } };
        var pluginName = "ht-msg-sub";
        switch (shape)
        {
            case "upstream-in-plugin":
                plugin["upstream"] = new JsonObject { ["type"] = "roundrobin", ["nodes"] = NodeList() };
                break;
            case "nodes-in-plugin":
                plugin["type"] = "roundrobin";
                plugin["nodes"] = NodeList();
                break;
            case "upstream-at-top-level":
                route["upstream"] = new JsonObject { ["type"] = "roundrobin", ["nodes"] = NodeList() };
                break;
            case "nodes-as-map":
                plugin["upstream"] = new JsonObject { ["type"] = "roundrobin", ["nodes"] = NodeMap() };
                break;
            case "nodes-as-map-at-top-level":
                route["upstream"] = new JsonObject { ["nodes"] = NodeMap() };
                break;
            case "ws-plugin-name":
                pluginName = "ht-ws-msg-sub";
                plugin["upstream"] = new JsonObject { ["type"] = "roundrobin", ["nodes"] = NodeList() };
                break;
            case "without-type":
                plugin["upstream"] = new JsonObject { ["nodes"] = NodeList() };
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, null);
        }

        route["plugins"] = new JsonObject { [pluginName] = plugin };
        return route;
    }
}
