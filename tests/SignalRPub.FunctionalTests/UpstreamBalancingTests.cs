using System.Text.Json;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>PROTOCOL.md §2 and §7: which node of an upstream each action reaches, observed on two real upstreams.</summary>
public sealed class UpstreamBalancingTests
{
    [Fact]
    public async Task RoundRobin_Weights3To1_SmoothWeightedOrder()
    {
        await using var a = await NamedAsync("a");
        await using var b = await NamedAsync("b");
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(subAdd: UpstreamRoutes.RoundRobin(a.Node(3), b.Node(1))));
        await using var client = await gateway.ConnectRegisteredAsync();

        var order = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            order.Add(NodeOf(await client.RequestAsync(SeedUris.SubAdd, Frames.Topics($"t{i}"))));
        }

        Assert.Equal(["a", "a", "b", "a", "a", "a", "b", "a"], order);
        Assert.Equal(6, a.Calls.Count);
        Assert.Equal(2, b.Calls.Count);
    }

    [Fact]
    public async Task ConsistentHash_OneConnection_EveryActionReachesSameNode()
    {
        await using var a = await NamedAsync("a");
        await using var b = await NamedAsync("b");
        var upstream = UpstreamRoutes.ConsistentHash(a.Node(), b.Node());
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(subAdd: upstream, subDelete: upstream));
        await using var client = await gateway.ConnectRegisteredAsync();

        var nodes = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            nodes.Add(NodeOf(await client.RequestAsync(SeedUris.SubAdd, Frames.Topics($"t{i}"))));
            nodes.Add(NodeOf(await client.RequestAsync(SeedUris.SubDelete, Frames.Topics($"t{i}"))));
        }

        var http = await gateway.PostAsync(SeedUris.SubAdd, """{"topics":["h"]}""", client.Authorization);
        http.AssertStatus(200);
        nodes.Add(JsonAssert.Property(JsonAssert.Property(http.Json, "upstream"), "node").GetString()!);

        Assert.Single(nodes.Distinct());
        var chosen = nodes[0] == "a" ? a : b;
        Assert.Equal(9, chosen.Calls.Count);
        Assert.All(chosen.Calls, c => Assert.Equal(client.ConnectionId, c.Header("X-Connection-Id")));
    }

    [Fact]
    public async Task ConsistentHash_ManyConnections_SpreadOverBothNodes()
    {
        await using var a = await NamedAsync("a");
        await using var b = await NamedAsync("b");
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(subAdd: UpstreamRoutes.ConsistentHash(a.Node(), b.Node())));

        // Connection ids are random: 64 of them all landing on one of two equally weighted nodes is vanishingly unlikely.
        var seen = new HashSet<string>();
        for (var i = 0; i < 64 && seen.Count < 2; i++)
        {
            await using var client = await gateway.ConnectRegisteredAsync();
            var first = NodeOf(await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("x")));
            var second = NodeOf(await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("y")));
            Assert.Equal(first, second);
            seen.Add(first);
        }

        Assert.Equal(["a", "b"], seen.Order());
    }

    private static Task<FakeUpstream> NamedAsync(string name) =>
        FakeUpstream.StartAsync(name, _ => Task.FromResult(UpstreamReply.Ok($$"""{"node":"{{name}}"}""")));

    private static string NodeOf(JsonElement response)
    {
        Frames.AssertStatus(response, 200);
        return JsonAssert.Property(JsonAssert.Property(Frames.Body(response), "upstream"), "node").GetString()!;
    }
}
