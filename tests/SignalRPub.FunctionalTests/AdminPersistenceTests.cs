using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>
/// PROTOCOL.md §9 and docs/admin.md §10: admin changes survive a restart of the host on the same data directory,
/// the store stays loadable after a crash mid-write, and concurrent changes to one route end in one whole route.
/// </summary>
public sealed class AdminPersistenceTests
{
    private const string MetadataPath = "/apisix/admin/plugin_metadata/ht-ws-msg-pub";
    private const string Metadata = """{"api7_push_gateway_addrs":["127.0.0.1:9080","127.0.0.1:9081"]}""";

    [Fact]
    public async Task Restart_SameDataDirectory_RoutesAndPluginMetadataSurvive()
    {
        await using var admin = await AdminGateway.StartAsync();
        await PutLocalSeedAsync(admin);
        (await admin.PutRouteAsync("13", SeedAdminPayloads.Route13)).AssertStatus(201);
        (await admin.SendAsync(HttpMethod.Put, MetadataPath, Metadata)).AssertStatus(200);
        var routes = (await admin.SendAsync(HttpMethod.Get, "/apisix/admin/routes")).Text;

        await admin.RestartAsync();

        JsonAssert.Equal(routes, (await admin.SendAsync(HttpMethod.Get, "/apisix/admin/routes")).Json);
        JsonAssert.Equal(Metadata, JsonAssert.Property((await admin.SendAsync(HttpMethod.Get, MetadataPath)).Json, "value"));
        await using var client = await admin.Gateway.ConnectRegisteredAsync();
        Assert.Equal(["a"], await client.SubscribeAsync("a"));
    }

    [Fact]
    public async Task Restart_RouteDeletedThroughAdmin_StaysDeletedThoughConfigurationHasIt()
    {
        await using var admin = await AdminGateway.StartAsync(o => o.Routes = TestRoutes.Seed());
        AdminAssert.ListIds(await admin.SendAsync(HttpMethod.Get, "/apisix/admin/routes"), 6);
        (await admin.DeleteRouteAsync("12")).AssertStatus(200);

        await admin.RestartAsync();

        Assert.Equal(["1", "11", "13", "14", "15"], AdminAssert.ListIds(await admin.SendAsync(HttpMethod.Get, "/apisix/admin/routes"), 5));
        await using var client = await admin.Gateway.ConnectRegisteredAsync();
        Frames.AssertError(await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("a")), 404, "not_found");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    [InlineData("empty")]
    public async Task Restart_CrashLeftATemporaryFile_StoreLoadsLastWholeVersion(string leftover)
    {
        await using var admin = await AdminGateway.StartAsync();
        await PutLocalSeedAsync(admin);
        (await admin.SendAsync(HttpMethod.Put, MetadataPath, Metadata)).AssertStatus(200);
        var routes = (await admin.SendAsync(HttpMethod.Get, "/apisix/admin/routes")).Text;

        await admin.RestartAsync(() =>
        {
            // What a crash between writing the temporary file and renaming it over routes.json leaves behind.
            var whole = File.ReadAllBytes(admin.RoutesFile);
            var content = leftover switch
            {
                "garbage" => Encoding.UTF8.GetBytes("{\"routes\":{\"1\":{\"uri\":\u0000\u0001 not json"),
                "truncated" => whole[..(whole.Length / 2)],
                _ => [],
            };
            File.WriteAllBytes($"{admin.RoutesFile}.{Guid.NewGuid():N}.tmp", content);
        });

        JsonAssert.Equal(routes, (await admin.SendAsync(HttpMethod.Get, "/apisix/admin/routes")).Json);
        JsonAssert.Equal(Metadata, JsonAssert.Property((await admin.SendAsync(HttpMethod.Get, MetadataPath)).Json, "value"));
        (await admin.PutRouteAsync("16", AdminRoutes.Action("/after/crash", "sub_add"))).AssertStatus(201);
        await using var client = await admin.Gateway.ConnectRegisteredAsync();
        Assert.Equal(["a"], Frames.Topics(await client.RequestAsync("/after/crash", Frames.Topics("a"))));
    }

    [Fact]
    public async Task Put_TwentyConcurrentToOneId_EndInOneWholeRoute()
    {
        await using var admin = await AdminGateway.StartAsync();
        await PutLocalSeedAsync(admin);
        string[] actions = ["sub_add", "sub_put", "sub_delete", "sub_patch"];
        var bodies = Enumerable.Range(0, 20)
            .Select(i => $$"""{"uri":"/concurrent/{{i}}","labels":{"n":"{{i}}","superior_id":"1"},"plugins":{"ht-msg-sub":{"action":"{{actions[i % 4]}}" """ + "}}}")
            .ToArray();

        var answers = await Task.WhenAll(bodies.Select(body => admin.PutRouteAsync("30", body)));

        Assert.Equal(1, answers.Count(a => a.StatusCode == 201));
        Assert.Equal(19, answers.Count(a => a.StatusCode == 200));
        var stored = await admin.GetRouteAsync("30");
        stored.AssertStatus(200);
        var value = AdminAssert.WithoutStamps(JsonAssert.Property(stored.Json, "value"));
        var winner = Array.FindIndex(bodies, b => JsonElement.DeepEquals(JsonAssert.Parse(b), value));
        Assert.True(winner >= 0, $"The stored route is none of the bodies sent: {value.GetRawText()}");

        var file = JsonNode.Parse(await File.ReadAllTextAsync(admin.RoutesFile))!;
        JsonAssert.Equal(stored.Json.GetProperty("value").GetRawText(), JsonAssert.Parse(file["routes"]!["30"]!.ToJsonString()));
        Assert.Empty(Directory.GetFiles(admin.DataDirectory, "*.tmp"));

        await using var client = await admin.Gateway.ConnectRegisteredAsync();
        for (var i = 0; i < bodies.Length; i++)
        {
            var response = await client.RequestAsync($"/concurrent/{i}", Frames.Topics("t"));
            Frames.AssertStatus(response, i == winner ? 200 : 404);
        }
    }

    [Fact]
    public async Task PluginMetadata_PutThenGet_ReturnsWhatWasStored()
    {
        await using var admin = await AdminGateway.StartAsync();
        var missing = await admin.SendAsync(HttpMethod.Get, MetadataPath);

        var put = await admin.SendAsync(HttpMethod.Put, MetadataPath, Metadata);
        var read = await admin.SendAsync(HttpMethod.Get, MetadataPath);
        var replaced = await admin.SendAsync(HttpMethod.Put, MetadataPath, """{"api7_push_gateway_addrs":[],"note":"x"}""");
        var other = await admin.SendAsync(HttpMethod.Put, "/apisix/admin/plugin_metadata/ht-msg-sub", """{"a":1}""");

        Assert.Equal("no metadata for plugin ht-ws-msg-pub", AdminAssert.Error(missing, 404));
        put.AssertStatus(200);
        var expected = """{"key":"/apisix/plugin_metadata/ht-ws-msg-pub","value":""" + Metadata + "}";
        JsonAssert.Equal(expected, put.Json);
        JsonAssert.Equal(expected, read.Json);
        replaced.AssertStatus(200);
        JsonAssert.Equal("""{"api7_push_gateway_addrs":[],"note":"x"}""", JsonAssert.Property((await admin.SendAsync(HttpMethod.Get, MetadataPath)).Json, "value"));
        other.AssertStatus(200);
        JsonAssert.Equal("""{"key":"/apisix/plugin_metadata/ht-msg-sub","value":{"a":1}}""", (await admin.SendAsync(HttpMethod.Get, "/apisix/admin/plugin_metadata/ht-msg-sub")).Json);
    }

    /// <summary>PUTs the entry route 1 and the seed's register and sub_add routes (11, 12) without upstreams.</summary>
    private static async Task PutLocalSeedAsync(AdminGateway admin)
    {
        (await admin.PutRouteAsync("1", SeedAdminPayloads.Entry)).AssertStatus(201);
        (await admin.PutRouteAsync("11", AdminRoutes.Action(SeedUris.Register, "register"))).AssertStatus(201);
        (await admin.PutRouteAsync("12", AdminRoutes.Action(SeedUris.SubAdd, "sub_add"))).AssertStatus(201);
    }
}
