using SignalRPub.Routing;
using SignalRPub.Tests.TestSupport;

namespace SignalRPub.Tests.Routing;

public class RouteParserTests
{
    private const string SubscribeUri = "/60150/ormp/subscribe/accountSubscribe";

    private static readonly RouteConfig s_expectedSubscribe =
        TestRoutes.Action("12", SubscribeUri, RouteAction.SubAdd, superiorId: "1", upstream: TestRoutes.MockUpstream);

    public static TheoryData<string> EquivalentActionShapes => new()
    {
        // PROTOCOL.md §2 as written: upstream inside the plugin.
        """{"uri":"/60150/ormp/subscribe/accountSubscribe","labels":{"superior_id":"1"},"plugins":{"ht-msg-sub":{"action":"sub_add","upstream":{"type":"roundrobin","nodes":[{"host":"mock-ms1975","port":1975,"weight":1}]}}}}""",
        // nodes and type directly inside the plugin.
        """{"uri":"/60150/ormp/subscribe/accountSubscribe","labels":{"superior_id":"1"},"plugins":{"ht-msg-sub":{"action":"sub_add","type":"roundrobin","nodes":[{"host":"mock-ms1975","port":1975,"weight":1}]}}}""",
        // upstream at the route's top level.
        """{"uri":"/60150/ormp/subscribe/accountSubscribe","labels":{"superior_id":"1"},"plugins":{"ht-msg-sub":{"action":"sub_add"}},"upstream":{"type":"roundrobin","nodes":[{"host":"mock-ms1975","port":1975,"weight":1}]}}""",
        // nodes as an APISIX map.
        """{"uri":"/60150/ormp/subscribe/accountSubscribe","labels":{"superior_id":"1"},"plugins":{"ht-msg-sub":{"action":"sub_add","upstream":{"type":"roundrobin","nodes":{"mock-ms1975:1975":1}}}}}""",
        // the plugin's synonym.
        """{"uri":"/60150/ormp/subscribe/accountSubscribe","labels":{"superior_id":"1"},"plugins":{"ht-ws-msg-sub":{"action":"sub_add","upstream":{"type":"roundrobin","nodes":[{"host":"mock-ms1975","port":1975,"weight":1}]}}}}""",
        // sub_patch is sub_add.
        """{"uri":"/60150/ormp/subscribe/accountSubscribe","labels":{"superior_id":"1"},"plugins":{"ht-msg-sub":{"action":"sub_patch","upstream":{"type":"roundrobin","nodes":[{"host":"mock-ms1975","port":1975,"weight":1}]}}}}""",
        // numbers as strings, as configuration providers deliver them; type left to its default.
        """{"uri":"/60150/ormp/subscribe/accountSubscribe","labels":{"superior_id":"1"},"plugins":{"ht-msg-sub":{"action":"sub_add","upstream":{"nodes":[{"host":"mock-ms1975","port":"1975","weight":"1"}]}}}}""",
    };

    [Theory]
    [MemberData(nameof(EquivalentActionShapes))]
    public void Parse_EveryActionRouteShape_GivesTheSameRoute(string json)
    {
        var (route, errors) = RouteJson.Parse(json, id: "12");

        RouteAssert.NoErrors(errors);
        RouteAssert.Equal(s_expectedSubscribe, route);
    }

    [Fact]
    public void Parse_EntryPluginWithEmptyConfig_GivesEntryRoute()
    {
        var (route, errors) = RouteJson.Parse("""{"uri":"/msg-pub","plugins":{"ht-ws-msg-pub":{}}}""", id: "1");

        RouteAssert.NoErrors(errors);
        RouteAssert.Equal(TestRoutes.Entry("1", "/msg-pub"), route);
    }

    [Theory]
    [InlineData("register", nameof(RouteAction.Register))]
    [InlineData("sub_add", nameof(RouteAction.SubAdd))]
    [InlineData("sub_patch", nameof(RouteAction.SubAdd))]
    [InlineData("sub_put", nameof(RouteAction.SubPut))]
    [InlineData("sub_delete", nameof(RouteAction.SubDelete))]
    [InlineData("disconnect", nameof(RouteAction.Disconnect))]
    public void Parse_ActionName_MapsToAction(string action, string expected)
    {
        var (route, errors) = RouteJson.Parse(RouteJson.Action("5", "/a", action));

        RouteAssert.NoErrors(errors);
        Assert.NotNull(route);
        Assert.Equal(Enum.Parse<RouteAction>(expected), route.Action);
    }

    [Fact]
    public void Parse_ActionWithoutUpstream_HasNoUpstreamAndNoSuperior()
    {
        var (route, errors) = RouteJson.Parse("""{"uri":"/a","plugins":{"ht-msg-sub":{"action":"sub_put"}}}""", id: "5");

        RouteAssert.NoErrors(errors);
        RouteAssert.Equal(TestRoutes.Action("5", "/a", RouteAction.SubPut), route);
    }

    [Fact]
    public void Parse_SuperiorIdLabel_SetsSuperiorIdAndKeepsLabels()
    {
        var (route, _) = RouteJson.Parse("""{"uri":"/a","labels":{"superior_id":"7","team":"quotes"},"plugins":{"ht-msg-sub":{"action":"sub_add"}}}""", id: "5");

        Assert.NotNull(route);
        Assert.Equal("7", route.SuperiorId);
        Assert.Equal("quotes", route.Labels["team"]);
    }

    [Fact]
    public void Parse_NumericSuperiorId_IsReadAsString()
    {
        var (route, errors) = RouteJson.Parse("""{"uri":"/a","labels":{"superior_id":1},"plugins":{"ht-msg-sub":{"action":"sub_add"}}}""", id: "5");

        RouteAssert.NoErrors(errors);
        Assert.Equal("1", route!.SuperiorId);
    }

    [Theory]
    [InlineData("""{"id":"15","uri":"/a","plugins":{"ht-ws-msg-pub":{}}}""", "15")]
    [InlineData("""{"id":15,"uri":"/a","plugins":{"ht-ws-msg-pub":{}}}""", "15")]
    public void Parse_IdInObject_IsUsed(string json, string expectedId)
    {
        var (route, errors) = RouteJson.Parse(json);

        RouteAssert.NoErrors(errors);
        Assert.Equal(expectedId, route!.Id);
    }

    [Fact]
    public void Parse_IdArgumentAndIdInObject_ArgumentWins()
    {
        var (route, _) = RouteJson.Parse("""{"id":"9","uri":"/a","plugins":{"ht-ws-msg-pub":{}}}""", id: "7");

        Assert.Equal("7", route!.Id);
    }

    [Theory]
    [InlineData("""[]""", "route")]
    [InlineData("""{"uri":"/a","plugins":{"ht-ws-msg-pub":{}}}""", "route.id")]
    [InlineData("""{"id":"bad id","uri":"/a","plugins":{"ht-ws-msg-pub":{}}}""", "route.id")]
    [InlineData("""{"id":"","uri":"/a","plugins":{"ht-ws-msg-pub":{}}}""", "route.id")]
    [InlineData("""{"id":"1","plugins":{"ht-ws-msg-pub":{}}}""", "route.uri")]
    [InlineData("""{"id":"1","uri":"","plugins":{"ht-ws-msg-pub":{}}}""", "route.uri")]
    [InlineData("""{"id":"1","uri":"relative","plugins":{"ht-ws-msg-pub":{}}}""", "route.uri")]
    [InlineData("""{"id":"1","uri":"/a?b=1","plugins":{"ht-ws-msg-pub":{}}}""", "route.uri")]
    [InlineData("""{"id":"1","uri":"/a#b","plugins":{"ht-ws-msg-pub":{}}}""", "route.uri")]
    [InlineData("""{"id":"1","uri":"/a b","plugins":{"ht-ws-msg-pub":{}}}""", "route.uri")]
    [InlineData("""{"id":"1","uri":"/a/*","plugins":{"ht-ws-msg-pub":{}}}""", "route.uri")]
    [InlineData("""{"id":"1","uri":"/a","labels":"x","plugins":{"ht-ws-msg-pub":{}}}""", "route.labels")]
    [InlineData("""{"id":"1","uri":"/a","labels":{"superior_id":{}},"plugins":{"ht-ws-msg-pub":{}}}""", "route.labels.superior_id")]
    [InlineData("""{"id":"1","uri":"/a"}""", "route.plugins")]
    [InlineData("""{"id":"1","uri":"/a","plugins":{}}""", "route.plugins")]
    [InlineData("""{"id":"1","uri":"/a","plugins":{"limit-count":{}}}""", "route.plugins.limit-count")]
    [InlineData("""{"id":"1","uri":"/a","plugins":{"ht-ws-msg-pub":{},"ht-msg-sub":{"action":"sub_add"}}}""", "route.plugins")]
    [InlineData("""{"id":"1","uri":"/a","plugins":{"ht-msg-sub":"sub_add"}}""", "route.plugins.ht-msg-sub")]
    [InlineData("""{"id":"1","uri":"/a","plugins":{"ht-msg-sub":{}}}""", "route.plugins.ht-msg-sub.action")]
    [InlineData("""{"id":"1","uri":"/a","plugins":{"ht-msg-sub":{"action":"subscribe"}}}""", "route.plugins.ht-msg-sub.action")]
    [InlineData("""{"id":"1","uri":"/a","plugins":{"ht-ws-msg-pub":{}},"upstream":{"nodes":{"h:1":1}}}""", "route.upstream")]
    [InlineData("""{"id":"1","uri":"/a","plugins":{"ht-msg-sub":{"action":"sub_add","upstream":{"nodes":{"h:1":1}}}},"upstream":{"nodes":{"h:1":1}}}""", "route")]
    [InlineData("""{"id":"1","uri":"/a","plugins":{"ht-msg-sub":{"action":"sub_add","upstream":{"nodes":[]}}}}""", "route.plugins.ht-msg-sub.upstream.nodes")]
    public void Parse_InvalidRoute_ReportsTheFieldAndReturnsNull(string json, string field)
    {
        var (route, errors) = RouteJson.Parse(json);

        Assert.Null(route);
        RouteAssert.HasError(errors, field);
    }

    [Fact]
    public void Parse_SeveralBadRouteFields_ReportsEveryOne()
    {
        var (route, errors) = RouteJson.Parse("""{"id":"bad id","uri":"relative","labels":{"superior_id":{}},"plugins":{"limit-count":{}}}""");

        Assert.Null(route);
        RouteAssert.HasError(errors, "route.id");
        RouteAssert.HasError(errors, "route.uri");
        RouteAssert.HasError(errors, "route.labels.superior_id");
        RouteAssert.HasError(errors, "route.plugins.limit-count");
        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public void Parse_BadActionAndBadUpstream_ReportsBoth()
    {
        var (route, errors) = RouteJson.Parse("""{"id":"1","uri":"/a","plugins":{"ht-msg-sub":{"action":"subscribe","upstream":{"nodes":[],"scheme":"ftp"}}}}""");

        Assert.Null(route);
        RouteAssert.HasError(errors, "route.plugins.ht-msg-sub.action");
        RouteAssert.HasError(errors, "route.plugins.ht-msg-sub.upstream.scheme");
    }

    [Fact]
    public void Parse_BadUriAndBadActionAndBadUpstream_ReportsEveryOne()
    {
        var (route, errors) = RouteJson.Parse("""{"id":"1","uri":"relative","plugins":{"ht-msg-sub":{"action":"subscribe","upstream":{"nodes":{"h:1":1},"scheme":"ftp"}}}}""");

        Assert.Null(route);
        RouteAssert.HasError(errors, "route.uri");
        RouteAssert.HasError(errors, "route.plugins.ht-msg-sub.action");
        RouteAssert.HasError(errors, "route.plugins.ht-msg-sub.upstream.scheme");
    }

    [Fact]
    public void Parse_ErrorsAlreadyCollected_KeepsThemAndParsesValidRoute()
    {
        var errors = new List<string> { "earlier error" };

        var route = RouteParser.Parse(System.Text.Json.Nodes.JsonNode.Parse("""{"uri":"/a","plugins":{"ht-ws-msg-pub":{}}}"""), "1", "route", errors);

        Assert.NotNull(route);
        Assert.Equal(["earlier error"], errors);
    }
}
