using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using SignalRPub.Routing;
using SignalRPub.Tests.TestSupport;

namespace SignalRPub.Tests.Routing;

public class ConfigurationRoutesTests
{
    private const string SubscribeUri = "/60150/ormp/subscribe/accountSubscribe";

    public static TheoryData<string> ConfiguredActionShapes => new()
    {
        """{"id":"12","uri":"/60150/ormp/subscribe/accountSubscribe","labels":{"superior_id":"1"},"plugins":{"ht-msg-sub":{"action":"sub_add","upstream":{"type":"roundrobin","nodes":[{"host":"mock-ms1975","port":1975,"weight":1}]}}}}""",
        """{"id":"12","uri":"/60150/ormp/subscribe/accountSubscribe","labels":{"superior_id":"1"},"plugins":{"ht-msg-sub":{"action":"sub_add","type":"roundrobin","nodes":[{"host":"mock-ms1975","port":1975,"weight":1}]}}}""",
        """{"id":"12","uri":"/60150/ormp/subscribe/accountSubscribe","labels":{"superior_id":"1"},"plugins":{"ht-ws-msg-sub":{"action":"sub_patch"}},"upstream":{"nodes":[{"host":"mock-ms1975","port":1975,"weight":1}]}}""",
    };

    [Fact]
    public void Load_SeedRoutes_ParsesEntryAndActions()
    {
        var configuration = RouteJson.Configuration(
            RouteJson.Entry("1", "/msg-pub"),
            RouteJson.Action("11", "/60101/ormp/session/channelRegister", "register", "1"),
            RouteJson.Action("12", SubscribeUri, "sub_add", "1"),
            RouteJson.Action("13", "/60150/ormp/subscribe/syncSubscribe", "sub_put", "1"),
            RouteJson.Action("14", "/60150/ormp/subscribe/cancelSubscribe", "sub_delete", "1"),
            RouteJson.Action("15", "/60101/ormp/session/channelDisconnect", "disconnect", "1"));
        var errors = new List<string>();

        var table = ConfigurationRoutes.Load(configuration, errors);

        RouteAssert.NoErrors(errors);
        Assert.Equal(6, table.Routes.Count);
        RouteAssert.Equal(TestRoutes.Entry("1", "/msg-pub"), table.FindById("1"));
        RouteAssert.Equal(TestRoutes.Action("11", "/60101/ormp/session/channelRegister", RouteAction.Register, "1"), table.FindById("11"));
        RouteAssert.Equal(TestRoutes.Action("12", SubscribeUri, RouteAction.SubAdd, "1"), table.FindById("12"));
        RouteAssert.Equal(TestRoutes.Action("13", "/60150/ormp/subscribe/syncSubscribe", RouteAction.SubPut, "1"), table.FindById("13"));
        RouteAssert.Equal(TestRoutes.Action("14", "/60150/ormp/subscribe/cancelSubscribe", RouteAction.SubDelete, "1"), table.FindById("14"));
        RouteAssert.Equal(TestRoutes.Action("15", "/60101/ormp/session/channelDisconnect", RouteAction.Disconnect, "1"), table.FindById("15"));
    }

    [Fact]
    public void Load_EntryPluginWrittenAsEmptyObject_GivesEntryRoute()
    {
        var configuration = RouteJson.Configuration("""{"id":"1","uri":"/msg-pub","plugins":{"ht-ws-msg-pub":{}}}""");
        Assert.Null(configuration["SignalRPub:Routes:0:plugins:ht-ws-msg-pub"]);
        var errors = new List<string>();

        var table = ConfigurationRoutes.Load(configuration, errors);

        RouteAssert.NoErrors(errors);
        RouteAssert.Equal(TestRoutes.Entry("1", "/msg-pub"), table.FindByUri("/msg-pub"));
    }

    [Theory]
    [MemberData(nameof(ConfiguredActionShapes))]
    public void Load_ActionRouteShape_GivesTheSameRoute(string route)
    {
        var errors = new List<string>();

        var table = ConfigurationRoutes.Load(RouteJson.Configuration(route), errors);

        RouteAssert.NoErrors(errors);
        RouteAssert.Equal(TestRoutes.Action("12", SubscribeUri, RouteAction.SubAdd, "1", TestRoutes.MockUpstream), table.FindById("12"));
    }

    [Fact]
    public void Load_NodesAsMap_GivesTheNode()
    {
        var configuration = RouteJson.Configuration(
            """{"id":"12","uri":"/60150/ormp/subscribe/accountSubscribe","plugins":{"ht-msg-sub":{"action":"sub_add","upstream":{"nodes":{"mock-ms1975:1975":1}}}}}""");
        var errors = new List<string>();

        var table = ConfigurationRoutes.Load(configuration, errors);

        RouteAssert.NoErrors(errors);
        Assert.Equal([new UpstreamNode("mock-ms1975", 1975, 1)], table.FindById("12")?.Upstream?.Nodes);
    }

    [Fact]
    public void Load_UpstreamNumbers_AreReadFromConfigurationStrings()
    {
        var configuration = RouteJson.Configuration(
            """{"id":5,"uri":"/a","plugins":{"ht-msg-sub":{"action":"sub_add","upstream":{"scheme":"https","nodes":[{"host":"a","port":8443,"weight":2},{"host":"b","port":9443,"weight":1}],"timeout":{"connect":1.5,"send":2,"read":3},"retries":1}}}}""");
        Assert.Equal("8443", configuration["SignalRPub:Routes:0:plugins:ht-msg-sub:upstream:nodes:0:port"]);
        var errors = new List<string>();

        var table = ConfigurationRoutes.Load(configuration, errors);

        RouteAssert.NoErrors(errors);
        RouteAssert.Equal(
            new UpstreamConfig
            {
                Nodes = [new UpstreamNode("a", 8443, 2), new UpstreamNode("b", 9443, 1)],
                Scheme = "https",
                Timeout = new UpstreamTimeout(1.5, 2, 3),
                Retries = 1,
            },
            table.FindById("5")?.Upstream);
    }

    [Fact]
    public void Load_InvalidRoutes_ReportsEachWithItsIndex()
    {
        var configuration = RouteJson.Configuration(
            RouteJson.Entry("1", "/msg-pub"),
            """{"id":"2","uri":"relative","plugins":{"ht-ws-msg-pub":{}}}""",
            """{"id":"3","uri":"/b","plugins":{"ht-msg-sub":{"action":"subscribe"}}}""");
        var errors = new List<string>();

        ConfigurationRoutes.Load(configuration, errors);

        RouteAssert.HasError(errors, "SignalRPub:Routes:1.uri");
        RouteAssert.HasError(errors, "SignalRPub:Routes:2.plugins.ht-msg-sub.action");
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void Load_RouteWithoutId_ReportsId()
    {
        var errors = new List<string>();

        ConfigurationRoutes.Load(RouteJson.Configuration("""{"uri":"/a","plugins":{"ht-ws-msg-pub":{}}}"""), errors);

        RouteAssert.HasError(errors, "SignalRPub:Routes:0.id");
    }

    [Fact]
    public void Load_DuplicateUri_ReportsItAndReturnsEmpty()
    {
        var configuration = RouteJson.Configuration(RouteJson.Entry("1", "/same"), RouteJson.Action("2", "/same", "sub_add"));
        var errors = new List<string>();

        var table = ConfigurationRoutes.Load(configuration, errors);

        Assert.Same(RouteTable.Empty, table);
        Assert.Contains("'/same'", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoRoutesSection_ReturnsEmptyWithoutErrors()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["SignalRPub:Gateway:Urls"] = "http://x" }).Build();
        var errors = new List<string>();

        var table = ConfigurationRoutes.Load(configuration, errors);

        RouteAssert.NoErrors(errors);
        Assert.Empty(table.Routes);
    }

    [Fact]
    public void ToJson_Section_RebuildsObjectsArraysAndStrings()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["root:name"] = "x",
            ["root:list:0"] = "a",
            ["root:list:1"] = "b",
            ["root:number"] = "12",
        }).Build();

        var json = ConfigurationRoutes.ToJson(configuration.GetSection("root"));

        JsonAssert.Equal("""{"list":["a","b"],"name":"x","number":"12"}""", json!.ToJsonString());
    }

    [Fact]
    public void ToJson_ListWithMoreThanTenItems_KeepsNumericOrder()
    {
        var values = Enumerable.Range(0, 12).ToDictionary(i => $"list:{i}", i => (string?)i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var json = ConfigurationRoutes.ToJson(configuration.GetSection("list"));

        var array = Assert.IsType<JsonArray>(json);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), array.Select(n => n!.GetValue<string>()));
    }
}
