using SignalRPub.Routing;
using SignalRPub.Tests.TestSupport;

namespace SignalRPub.Tests.Routing;

public class UpstreamParserTests
{
    [Fact]
    public void Parse_OnlyNodes_AppliesDefaults()
    {
        var (upstream, errors) = RouteJson.ParseUpstream("""{"nodes":[{"host":"a","port":1,"weight":1}]}""");

        RouteAssert.NoErrors(errors);
        Assert.NotNull(upstream);
        Assert.Equal("roundrobin", upstream.Type);
        Assert.Equal("http", upstream.Scheme);
        Assert.Equal(UpstreamTimeout.Default, upstream.Timeout);
        Assert.Equal(0, upstream.Retries);
    }

    [Fact]
    public void Parse_DefaultTimeout_IsSixSecondsEach()
    {
        Assert.Equal(new UpstreamTimeout(6, 6, 6), UpstreamTimeout.Default);
    }

    [Theory]
    [InlineData("""[{"host":"a","port":1}]""", 0)]
    [InlineData("""[{"host":"a","port":1},{"host":"b","port":1}]""", 1)]
    [InlineData("""[{"host":"a","port":1},{"host":"b","port":1},{"host":"c","port":1}]""", 2)]
    [InlineData("""{"a:1":1,"b:1":1,"c:1":1,"d:1":1}""", 3)]
    public void Parse_NoRetries_DefaultsToNodeCountMinusOne(string nodes, int expected)
    {
        var (upstream, errors) = RouteJson.ParseUpstream($$"""{"nodes":{{nodes}}}""");

        RouteAssert.NoErrors(errors);
        Assert.Equal(expected, upstream!.Retries);
    }

    [Fact]
    public void Parse_ExplicitRetries_OverridesDefault()
    {
        var (upstream, _) = RouteJson.ParseUpstream("""{"nodes":[{"host":"a","port":1},{"host":"b","port":1}],"retries":0}""");

        Assert.Equal(0, upstream!.Retries);
    }

    [Fact]
    public void Parse_EveryField_IsRead()
    {
        var (upstream, errors) = RouteJson.ParseUpstream(
            """{"type":"chash","scheme":"https","nodes":[{"host":"a","port":8443,"weight":3},{"host":"b","port":9443,"weight":0}],"timeout":{"connect":1,"send":2.5,"read":30},"retries":5}""");

        RouteAssert.NoErrors(errors);
        RouteAssert.Equal(
            new UpstreamConfig
            {
                Nodes = [new UpstreamNode("a", 8443, 3), new UpstreamNode("b", 9443, 0)],
                Type = "chash",
                Scheme = "https",
                Timeout = new UpstreamTimeout(1, 2.5, 30),
                Retries = 5,
            },
            upstream);
    }

    [Fact]
    public void Parse_NumbersAsStrings_AreAccepted()
    {
        var (upstream, errors) = RouteJson.ParseUpstream(
            """{"nodes":[{"host":"a","port":"8080","weight":"2"}],"timeout":{"connect":"1.5","send":"2","read":"3"},"retries":"4"}""");

        RouteAssert.NoErrors(errors);
        Assert.Equal([new UpstreamNode("a", 8080, 2)], upstream!.Nodes);
        Assert.Equal(new UpstreamTimeout(1.5, 2, 3), upstream.Timeout);
        Assert.Equal(4, upstream.Retries);
    }

    [Fact]
    public void Parse_PartialTimeout_KeepsDefaultsForTheRest()
    {
        var (upstream, _) = RouteJson.ParseUpstream("""{"nodes":[{"host":"a"}],"timeout":{"read":20}}""");

        Assert.Equal(new UpstreamTimeout(6, 6, 20), upstream!.Timeout);
    }

    [Fact]
    public void Parse_ListNodeWithoutPortOrWeight_DefaultsToPort80Weight1()
    {
        var (upstream, _) = RouteJson.ParseUpstream("""{"nodes":[{"host":"a"}]}""");

        Assert.Equal([new UpstreamNode("a", 80, 1)], upstream!.Nodes);
    }

    [Fact]
    public void Parse_NodesAsMap_GivesNodesInOrder()
    {
        var (upstream, errors) = RouteJson.ParseUpstream("""{"nodes":{"mock-ms1975:1975":1,"10.0.0.2:80":"3","[::1]:8080":2}}""");

        RouteAssert.NoErrors(errors);
        Assert.Equal(
            [new UpstreamNode("mock-ms1975", 1975, 1), new UpstreamNode("10.0.0.2", 80, 3), new UpstreamNode("::1", 8080, 2)],
            upstream!.Nodes);
    }

    [Theory]
    [InlineData("""[{"host":"[::1]","port":8080}]""", "::1", 8080)]
    [InlineData("""[{"host":"2001:db8::1"}]""", "2001:db8::1", 80)]
    [InlineData("""{"[2001:db8::1]":1}""", "2001:db8::1", 80)]
    [InlineData("""{"a_b.example":1}""", "a_b.example", 80)]
    public void Parse_HostForms_Normalised(string nodes, string host, int port)
    {
        var (upstream, errors) = RouteJson.ParseUpstream($$"""{"nodes":{{nodes}}}""");

        RouteAssert.NoErrors(errors);
        Assert.Equal([new UpstreamNode(host, port, 1)], upstream!.Nodes);
    }

    [Fact]
    public void Key_EqualUpstreams_AreEqual()
    {
        var (first, _) = RouteJson.ParseUpstream("""{"nodes":{"a:1":1}}""");
        var (second, _) = RouteJson.ParseUpstream("""{"nodes":[{"host":"a","port":1,"weight":1}],"type":"roundrobin"}""");
        var (other, _) = RouteJson.ParseUpstream("""{"nodes":{"a:1":2}}""");

        Assert.Equal(first!.Key, second!.Key);
        Assert.NotEqual(first.Key, other!.Key);
    }

    [Theory]
    [InlineData("""[]""", "route")]
    [InlineData("""{}""", "route.nodes")]
    [InlineData("""{"nodes":"a:1"}""", "route.nodes")]
    [InlineData("""{"nodes":[]}""", "route.nodes")]
    [InlineData("""{"nodes":{}}""", "route.nodes")]
    [InlineData("""{"nodes":[{"host":"a","weight":0}]}""", "route.nodes")]
    [InlineData("""{"nodes":["a:1"]}""", "route.nodes[0]")]
    [InlineData("""{"nodes":[{"port":80}]}""", "route.nodes[0].host")]
    [InlineData("""{"nodes":[{"host":""}]}""", "route.nodes[0].host")]
    [InlineData("""{"nodes":[{"host":"a b"}]}""", "route.nodes[0].host")]
    [InlineData("""{"nodes":[{"host":"a/b"}]}""", "route.nodes[0].host")]
    [InlineData("""{"nodes":[{"host":"a","port":0}]}""", "route.nodes[0].port")]
    [InlineData("""{"nodes":[{"host":"a","port":65536}]}""", "route.nodes[0].port")]
    [InlineData("""{"nodes":[{"host":"a","port":1.5}]}""", "route.nodes[0].port")]
    [InlineData("""{"nodes":[{"host":"a","port":"http"}]}""", "route.nodes[0].port")]
    [InlineData("""{"nodes":[{"host":"a","weight":-1}]}""", "route.nodes[0].weight")]
    [InlineData("""{"nodes":[{"host":"a","weight":65536}]}""", "route.nodes[0].weight")]
    [InlineData("""{"nodes":[{"host":"a"},{"host":"b","weight":"x"}]}""", "route.nodes[1].weight")]
    [InlineData("""{"nodes":[{"host":"127.0.0.1:22","port":80}]}""", "route.nodes[0].host")]
    [InlineData("""{"nodes":[{"host":"127.0.0.1\\x"}]}""", "route.nodes[0].host")]
    [InlineData("""{"nodes":[{"host":"127.1"}]}""", "route.nodes[0].host")]
    [InlineData("""{"nodes":[{"host":1}]}""", "route.nodes[0].host")]
    [InlineData("""{"nodes":{"127.0.0.1:22:80":1}}""", "route.nodes.127.0.0.1:22:80")]
    [InlineData("""{"nodes":{"::1:80":1}}""", "route.nodes.::1:80")]
    [InlineData("""{"nodes":{"[::1]x:80":1}}""", "route.nodes.[::1]x:80")]
    [InlineData("""{"nodes":{"[::1:80":1}}""", "route.nodes.[::1:80")]
    [InlineData("""{"nodes":{"a:":1}}""", "route.nodes.a:")]
    [InlineData("""{"nodes":{"a:+80":1}}""", "route.nodes.a:+80")]
    [InlineData("""{"nodes":{"a b:80":1}}""", "route.nodes.a b:80")]
    [InlineData("""{"nodes":{"a:0":1}}""", "route.nodes.a:0")]
    [InlineData("""{"nodes":{"a:x":1}}""", "route.nodes.a:x")]
    [InlineData("""{"nodes":{"a:1":-1}}""", "route.nodes.a:1")]
    [InlineData("""{"nodes":{"a:1":"x"}}""", "route.nodes.a:1")]
    [InlineData("""{"nodes":{"a:1":1},"type":"least_conn"}""", "route.type")]
    [InlineData("""{"nodes":{"a:1":1},"type":1}""", "route.type")]
    [InlineData("""{"nodes":{"a:1":1},"scheme":"ftp"}""", "route.scheme")]
    [InlineData("""{"nodes":{"a:1":1},"scheme":"grpc"}""", "route.scheme")]
    [InlineData("""{"nodes":{"a:1":1},"timeout":5}""", "route.timeout")]
    [InlineData("""{"nodes":{"a:1":1},"timeout":{"connect":0}}""", "route.timeout.connect")]
    [InlineData("""{"nodes":{"a:1":1},"timeout":{"send":-1}}""", "route.timeout.send")]
    [InlineData("""{"nodes":{"a:1":1},"timeout":{"read":3601}}""", "route.timeout.read")]
    [InlineData("""{"nodes":{"a:1":1},"timeout":{"read":"soon"}}""", "route.timeout.read")]
    [InlineData("""{"nodes":{"a:1":1},"retries":-1}""", "route.retries")]
    [InlineData("""{"nodes":{"a:1":1},"retries":1.5}""", "route.retries")]
    [InlineData("""{"nodes":{"a:1":1},"retries":"many"}""", "route.retries")]
    public void Parse_InvalidUpstream_ReportsTheFieldAndReturnsNull(string json, string field)
    {
        var (upstream, errors) = RouteJson.ParseUpstream(json);

        Assert.Null(upstream);
        RouteAssert.HasError(errors, field);
    }

    [Fact]
    public void Parse_EveryFieldBad_ReportsEveryOne()
    {
        var (upstream, errors) = RouteJson.ParseUpstream(
            """{"nodes":[{"host":"","port":0,"weight":-1}],"type":"least_conn","scheme":"ftp","timeout":{"connect":0,"send":"x","read":4000},"retries":-1}""");

        Assert.Null(upstream);
        string[] fields =
        [
            "route.nodes[0].host", "route.nodes[0].port", "route.nodes[0].weight", "route.type", "route.scheme",
            "route.timeout.connect", "route.timeout.send", "route.timeout.read", "route.retries",
        ];
        foreach (var field in fields)
        {
            RouteAssert.HasError(errors, field);
        }

        Assert.Equal(fields.Length, errors.Count);
    }
}
