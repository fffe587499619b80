using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>
/// docs/admin.md, denied networks: nodes may not point into <c>SignalRPub:Upstreams:DeniedNetworks</c> (link-local by
/// default) or at the gateway's own listeners. An address node is refused when the route is written; every node,
/// names too, is checked again when the gateway connects, so a name that resolves there is never reached.
/// </summary>
public sealed class UpstreamDeniedNetworkTests
{
    [Theory]
    [InlineData("""[{"host":"169.254.169.254"}]""", "169.254.169.254:80", "169.254.0.0/16")]
    [InlineData("""[{"host":"10.0.0.2"},{"host":"169.254.1.1","port":8080}]""", "169.254.1.1:8080", "169.254.0.0/16")]
    [InlineData("""{"[fe80::1]:80":1}""", "[fe80::1]:80", "fe80::/10")]
    [InlineData("""[{"host":"::ffff:169.254.169.254"}]""", "[::ffff:169.254.169.254]:80", "169.254.0.0/16")]
    public async Task PutRoute_NodeInDeniedNetwork_400NamingTheNodeAndNetwork(string nodes, string node, string network)
    {
        await using var admin = await AdminGateway.StartAsync();

        var answer = await admin.PutRouteAsync("20", AdminRoutes.Action("/x", "sub_add", new JsonObject { ["nodes"] = JsonNode.Parse(nodes) }));

        var message = AdminAssert.Error(answer, 400);
        Assert.Contains(node, message);
        Assert.Contains(network, message);
        AdminAssert.Error(await admin.GetRouteAsync("20"), 404);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("0.0.0.0")]
    public async Task PutRoute_NodeIsTheAdminListener_400(string host)
    {
        await using var admin = await AdminGateway.StartAsync();
        var node = new JsonObject { ["host"] = host, ["port"] = admin.Gateway.AdminUri.Port };

        var answer = await admin.PutRouteAsync("20", AdminRoutes.Action("/x", "sub_add", UpstreamRoutes.RoundRobin(node)));

        Assert.Contains("the gateway's own listener", AdminAssert.Error(answer, 400));
    }

    [Fact]
    public async Task PutRoute_NodeIsTheGatewayListener_400()
    {
        await using var admin = await AdminGateway.StartAsync();
        var node = new JsonObject { ["host"] = "127.0.0.1", ["port"] = admin.Gateway.BaseUri.Port };

        var answer = await admin.PutRouteAsync("20", AdminRoutes.Action("/x", "sub_add", UpstreamRoutes.RoundRobin(node)));

        Assert.Contains("the gateway's own listener", AdminAssert.Error(answer, 400));
    }

    [Fact]
    public async Task Start_ConfiguredNodeInDeniedNetwork_FailsListingIt()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => TestGateway.StartAsync(o =>
            o.Routes = UpstreamRoutes.Seed(subAdd: UpstreamRoutes.RoundRobin(new JsonObject { ["host"] = "169.254.169.254", ["port"] = 80 }))));

        Assert.Contains("169.254.169.254:80", failure.ToString());
    }

    [Fact]
    public async Task Start_DeniedNetworksThatAreNotNetworks_FailsNamingEach()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => TestGateway.StartAsync(o =>
            o.Settings["Upstreams"] = new JsonObject { ["DeniedNetworks"] = new JsonArray("10.0.0.0/33", "internal") }));

        Assert.Contains("10.0.0.0/33", failure.Message);
        Assert.Contains("internal", failure.Message);
    }

    [Fact]
    public async Task Action_NodeNameResolvingToDeniedAddress_502AndNodeNeverCalled()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            o.Settings["Upstreams"] = new JsonObject { ["DeniedNetworks"] = new JsonArray("127.0.0.0/8", "::1/128") };
            o.Routes = UpstreamRoutes.Seed(subAdd: UpstreamRoutes.RoundRobin(upstream.Node(host: "localhost")));
        });
        await using var client = await gateway.ConnectRegisteredAsync();

        var response = await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("a"));

        Frames.AssertError(response, 502, "upstream_unavailable");
        Assert.Equal("""{"error":{"code":"upstream_unavailable","message":"no upstream node could be reached"}}""", Frames.Body(response).GetRawText());
        Assert.Empty(upstream.Calls);
    }

    [Fact]
    public async Task Action_NodeNameResolvingToAllowedAddress_Forwarded()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(subAdd: UpstreamRoutes.RoundRobin(upstream.Node(host: "localhost"))));
        await using var client = await gateway.ConnectRegisteredAsync();

        Assert.Equal(["a"], Frames.Topics(await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("a"))));
        Assert.Single(upstream.Calls);
    }

    [Fact]
    public async Task Action_NodeNameResolvingToTheAdminListener_502WithoutTheAdminAnswer()
    {
        await using var admin = await AdminGateway.StartAsync();
        var node = new JsonObject { ["host"] = "localhost", ["port"] = admin.Gateway.AdminUri.Port };
        await admin.PutRoutesAsync(UpstreamRoutes.Seed(subAdd: UpstreamRoutes.RoundRobin(node)));
        await using var client = await admin.Gateway.ConnectRegisteredAsync();

        var response = await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("a"));

        // Before, the admin listener's own 401 came back as upstream_rejected with its body: an oracle into it.
        Frames.AssertError(response, 502, "upstream_unavailable");
        Assert.DoesNotContain("error_msg", Frames.Body(response).GetRawText());
    }
}
