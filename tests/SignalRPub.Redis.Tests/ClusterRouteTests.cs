using System.Diagnostics;
using SignalRPub.Redis.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SignalRPub.Redis.Tests;

/// <summary>
/// Issue 10, routes are cluster-wide: they live in Redis, seeded from configuration only when absent there; a change
/// through any node's admin API is in force on every node within a second and readable through every node.
/// </summary>
public sealed class ClusterRouteTests(ITestOutputHelper output)
{
    private const string PatchUri = "/60150/ormp/subscribe/patchSubscribe";

    [Fact]
    public async Task PutRoute_OnOneNode_IsInForceAndReadableOnTheOtherWithinASecond()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var cluster = await GatewayCluster.LaunchAsync(redis, count: 2, output);
        await using var client = await cluster[1].ConnectRegisteredAsync();

        (await cluster[0].AdminAsync(HttpMethod.Put, "/apisix/admin/routes/16", AdminRoutes.Action(PatchUri, "sub_patch"))).AssertStatus(201);
        var clock = Stopwatch.StartNew();
        await Poll.UntilAsync(async () => (await client.RequestAsync(PatchUri, Frames.Topics("p"))).GetProperty("status").GetInt32() == 200, "the route to be in force on node b");
        var took = clock.Elapsed;

        Assert.True(took < TimeSpan.FromSeconds(1.5), $"The route took {took.TotalSeconds:F2} s to reach node b.");
        var read = await cluster[1].AdminAsync(HttpMethod.Get, "/apisix/admin/routes/16");
        read.AssertStatus(200);
        Assert.Equal(PatchUri, JsonAssert.Property(JsonAssert.Property(read.Json, "value"), "uri").GetString());
    }

    [Fact]
    public async Task DeleteRoute_OnOneNode_StaysDeletedWhenANodeStartsAgainFromConfiguration()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var cluster = await GatewayCluster.LaunchAsync(redis, count: 2, output);

        (await cluster[0].AdminAsync(HttpMethod.Delete, "/apisix/admin/routes/12")).AssertStatus(200);
        await cluster[1].RestartAsync();

        // Configuration seeds only an empty store: the routes in Redis win.
        (await cluster[1].AdminAsync(HttpMethod.Get, "/apisix/admin/routes/12")).AssertStatus(404);
        await using var client = await cluster[1].ConnectRegisteredAsync();
        Frames.AssertError(await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("a")), 404, "not_found");
    }

    [Fact]
    public async Task PutRoutes_OnBothNodesAtOnce_KeepEveryChange()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var cluster = await GatewayCluster.LaunchAsync(redis, count: 2, output);

        var puts = Enumerable.Range(0, 10).Select(i => cluster[i % 2].AdminAsync(HttpMethod.Put, $"/apisix/admin/routes/r{i}", AdminRoutes.Action($"/route/{i}", "sub_add")));
        var answers = await Task.WhenAll(puts);

        Assert.All(answers, a => a.AssertStatus(201));
        foreach (var node in cluster)
        {
            await Poll.UntilAsync(async () => JsonAssert.Property((await node.AdminAsync(HttpMethod.Get, "/apisix/admin/routes")).Json, "total").GetInt32() == 16,
                $"node {node.Name} to list the 6 seed routes and the 10 new ones");
        }
    }

    [Fact]
    public async Task PluginMetadata_PutOnOneNode_IsReadableOnTheOther()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var cluster = await GatewayCluster.LaunchAsync(redis, count: 2, output);

        (await cluster[0].AdminAsync(HttpMethod.Put, "/apisix/admin/plugin_metadata/ht-ws-msg-pub", """{"api7_push_gateway_addrs":["10.0.0.1:9080"]}""")).AssertStatus(200);

        await Poll.UntilAsync(async () => (await cluster[1].AdminAsync(HttpMethod.Get, "/apisix/admin/plugin_metadata/ht-ws-msg-pub")).StatusCode == 200,
            "the metadata to be readable on node b");
    }

    [Fact]
    public async Task RoutesANodeCannotTake_ItsAdminChangesAnswer503NamingWhyAndKeepTheStoredRoutes()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var cluster = await GatewayCluster.LaunchAsync(redis, count: 2, output, (i, o) =>
            o.Settings["Upstreams"] = new System.Text.Json.Nodes.JsonObject { ["DeniedNetworks"] = i == 0 ? new System.Text.Json.Nodes.JsonArray("10.0.0.0/8") : new System.Text.Json.Nodes.JsonArray() });
        var internalUpstream = UpstreamRoutes.RoundRobin(new System.Text.Json.Nodes.JsonObject { ["host"] = "10.1.2.3", ["port"] = 80, ["weight"] = 1 });

        // Node b may point at 10.0.0.0/8; node a, configured otherwise, refuses the routes it stored.
        (await cluster[1].AdminAsync(HttpMethod.Put, "/apisix/admin/routes/internal", AdminRoutes.Action("/internal", "sub_add", internalUpstream))).AssertStatus(201);
        var change = await cluster[0].AdminAsync(HttpMethod.Put, "/apisix/admin/routes/other", AdminRoutes.Action("/other", "sub_add"));

        change.AssertStatus(503);
        var message = JsonAssert.Property(change.Json, "error_msg").GetString()!;
        Assert.Contains("cannot be used on this node", message, StringComparison.Ordinal);
        Assert.Contains("10.1.2.3:80 is in the denied network 10.0.0.0/8", message, StringComparison.Ordinal);
        (await cluster[1].AdminAsync(HttpMethod.Get, "/apisix/admin/routes/internal")).AssertStatus(200);
        (await cluster[1].AdminAsync(HttpMethod.Get, "/apisix/admin/routes/other")).AssertStatus(404);
    }
}
