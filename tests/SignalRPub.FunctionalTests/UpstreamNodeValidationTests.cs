using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>
/// docs/admin.md: a node's host is a DNS name, an IPv4 address or an IPv6 address, and its port is given apart. A
/// node that cannot be called is refused when the route is written, never answered with 500 at every action later.
/// </summary>
public sealed class UpstreamNodeValidationTests
{
    [Theory]
    [InlineData("""[{"host":"127.0.0.1:22","port":80}]""", "nodes[0].host")]
    [InlineData("""[{"host":"127.0.0.1\\x"}]""", "nodes[0].host")]
    [InlineData("""[{"host":"127.1"}]""", "nodes[0].host")]
    [InlineData("""[{"host":"2130706433"}]""", "nodes[0].host")]
    [InlineData("""[{"host":"0x7f.0.0.1"}]""", "nodes[0].host")]
    [InlineData("""[{"host":"010.0.0.1"}]""", "nodes[0].host")]
    [InlineData("""[{"host":"a..example"}]""", "nodes[0].host")]
    [InlineData("""[{"host":"-a.example"}]""", "nodes[0].host")]
    [InlineData("""[{"host":"[::1"}]""", "nodes[0].host")]
    [InlineData("""[{"host":"fe80::1%eth0"}]""", "nodes[0].host")]
    [InlineData("""[{"host":"user@host"}]""", "nodes[0].host")]
    [InlineData("""[{"host":"h\u00e9te"}]""", "nodes[0].host")]
    [InlineData("""{"127.0.0.1:22:80":1}""", "nodes.127.0.0.1:22:80")]
    [InlineData("""{"::1:80":1}""", "nodes.::1:80")]
    [InlineData("""{"[::1]x:80":1}""", "nodes.[::1]x:80")]
    [InlineData("""{"127.0.0.1\\x:80":1}""", "nodes.127.0.0.1\\x:80")]
    public async Task PutRoute_MalformedNodeHost_400NamingTheNodeAndNothingStored(string nodes, string field)
    {
        await using var admin = await AdminGateway.StartAsync();

        var answer = await admin.PutRouteAsync("20", AdminRoutes.Action("/x", "sub_add", new JsonObject { ["nodes"] = JsonNode.Parse(nodes) }));

        Assert.Contains($"upstream.{field}", AdminAssert.Error(answer, 400));
        AdminAssert.Error(await admin.GetRouteAsync("20"), 404);
    }

    [Theory]
    [InlineData("""[{"host":"mock-ms1975","port":1975}]""")]
    [InlineData("""[{"host":"a_b.Example.com"}]""")]
    [InlineData("""[{"host":"10.0.0.2"},{"host":"192.168.1.1"},{"host":"172.16.0.1"}]""")]
    [InlineData("""[{"host":"127.0.0.1","port":1}]""")]
    [InlineData("""[{"host":"::1"}]""")]
    [InlineData("""[{"host":"[::1]","port":8080}]""")]
    [InlineData("""[{"host":"2001:db8::1"}]""")]
    [InlineData("""{"mock-ms1975:1975":1,"10.0.0.2":1,"[::1]:80":1,"[2001:db8::1]":1}""")]
    public async Task PutRoute_WellFormedNodes_Accepted(string nodes)
    {
        await using var admin = await AdminGateway.StartAsync();

        var answer = await admin.PutRouteAsync("20", AdminRoutes.Action("/x", "sub_add", new JsonObject { ["nodes"] = JsonNode.Parse(nodes) }));

        answer.AssertStatus(201);
    }

    [Fact]
    public async Task Start_ConfiguredNodeWithPortInHost_FailsNamingTheNode()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => TestGateway.StartAsync(o =>
            o.Routes = UpstreamRoutes.Seed(subAdd: UpstreamRoutes.RoundRobin(new JsonObject { ["host"] = "127.0.0.1:22", ["port"] = 80 }))));

        Assert.Contains("nodes[0].host", failure.ToString());
    }
}
