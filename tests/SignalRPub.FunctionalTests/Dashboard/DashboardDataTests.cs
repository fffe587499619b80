using System.Text.Json;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Dashboard;

/// <summary>
/// The operations endpoints the dashboard reads beside <c>/signalrpub/stats</c> (docs/admin.md §11):
/// <c>/signalrpub/routes</c> (the routes in force, their upstream nodes' health and latency) and
/// <c>/signalrpub/topics?top=N</c> (the topics with the most subscribers).
/// </summary>
public sealed class DashboardDataTests
{
    [Fact]
    public async Task Routes_ActionsThroughAnUpstream_EveryRouteListedWithItsNodesCallsAndLatency()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var admin = await AdminGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(
            register: UpstreamRoutes.RoundRobin(upstream.Node()),
            subAdd: UpstreamRoutes.RoundRobin(upstream.Node())));
        await using var client = await admin.Gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a");
        await client.SubscribeAsync("b");

        var answer = await admin.SendAsync(HttpMethod.Get, "/signalrpub/routes");

        answer.AssertStatus(200);
        var routes = JsonAssert.Property(answer.Json, "routes");
        Assert.Equal(["1", "11", "12", "13", "14", "15"], routes.EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        var entry = Route(routes, "1");
        Assert.Equal("entry", entry.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("action").ValueKind);
        Assert.Equal(0, entry.GetProperty("nodes").GetArrayLength());
        Assert.Equal("register", Route(routes, "11").GetProperty("action").GetString());
        AssertNode(Route(routes, "11"), upstream.Authority, calls: 1);
        AssertNode(Route(routes, "12"), upstream.Authority, calls: 2);
        Assert.Equal(0, Route(routes, "13").GetProperty("nodes").GetArrayLength());
        Assert.Equal(60, JsonAssert.Property(answer.Json, "windowSeconds").GetInt32());
    }

    [Fact]
    public async Task Routes_NodeUnreachable_ShownRestingWithItsFailedCalls()
    {
        await using var admin = await AdminGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(subAdd: UpstreamRoutes.RoundRobin(FakeUpstream.ClosedNode())));
        await using var client = await admin.Gateway.ConnectRegisteredAsync();
        for (var i = 0; i < 3; i++)
        {
            Frames.AssertError(await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("a")), 502, "upstream_unavailable");
        }

        var node = Route(JsonAssert.Property((await admin.SendAsync(HttpMethod.Get, "/signalrpub/routes")).Json, "routes"), "12").GetProperty("nodes")[0];

        Assert.False(node.GetProperty("healthy").GetBoolean(), node.GetRawText());
        Assert.Equal(3, node.GetProperty("calls").GetInt32());
        Assert.Equal(3, node.GetProperty("errors").GetInt32());
    }

    [Fact]
    public async Task Topics_Top_MostSubscribedFirstCutAtTop()
    {
        await using var admin = await AdminGateway.StartAsync(o => o.Routes = TestRoutes.Seed());
        await using var one = await admin.Gateway.ConnectRegisteredAsync();
        await using var two = await admin.Gateway.ConnectRegisteredAsync();
        await using var three = await admin.Gateway.ConnectRegisteredAsync();
        await one.SubscribeAsync("c", "b", "a");
        await two.SubscribeAsync("b", "a");
        await three.SubscribeAsync("a");

        var top = await admin.SendAsync(HttpMethod.Get, "/signalrpub/topics?top=2");
        var all = await admin.SendAsync(HttpMethod.Get, "/signalrpub/topics");

        top.AssertStatus(200);
        JsonAssert.Equal("""[{"topic":"a","subscribers":3},{"topic":"b","subscribers":2}]""", JsonAssert.Property(top.Json, "topics"));
        Assert.Equal(2, JsonAssert.Property(top.Json, "top").GetInt32());
        Assert.Equal(["a", "b", "c"], JsonAssert.Property(all.Json, "topics").EnumerateArray().Select(t => t.GetProperty("topic").GetString()));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("x")]
    public async Task Topics_TopOutOfRange_400BadRequest(string top)
    {
        await using var admin = await AdminGateway.StartAsync();

        var answer = await admin.SendAsync(HttpMethod.Get, $"/signalrpub/topics?top={top}");

        answer.AssertError(400, "bad_request");
    }

    private static JsonElement Route(JsonElement routes, string id) => routes.EnumerateArray().Single(r => r.GetProperty("id").GetString() == id);

    private static void AssertNode(JsonElement route, string authority, int calls)
    {
        var node = Assert.Single(route.GetProperty("nodes").EnumerateArray());
        Assert.Equal(authority, node.GetProperty("node").GetString());
        Assert.True(node.GetProperty("healthy").GetBoolean(), node.GetRawText());
        Assert.Equal(calls, node.GetProperty("calls").GetInt32());
        Assert.Equal(0, node.GetProperty("errors").GetInt32());
        foreach (var percentile in new[] { "p50Ms", "p90Ms", "p99Ms", "maxMs" })
        {
            Assert.True(node.GetProperty(percentile).GetDouble() > 0, node.GetRawText());
        }

        Assert.True(node.GetProperty("p50Ms").GetDouble() <= node.GetProperty("p99Ms").GetDouble(), node.GetRawText());
    }
}
