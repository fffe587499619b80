using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using SignalRPub.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace SignalRPub.FunctionalTests.Fuzzing;

/// <summary>
/// Issue 9, fuzzing the admin API: mutated route and plugin metadata documents sent to a real admin listener. Whatever
/// arrives, the answer is JSON and never a 500; a refused request changes nothing; an accepted one is read back and
/// listed as sent and survives a restart; and a client of the gateway keeps receiving throughout.
/// </summary>
public sealed class AdminFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] s_stamps = ["id", "create_time", "update_time"];
    private static readonly string[] s_ids = ["f1", "f2", "f3", "f4", "a.b_c-d"];
    private static readonly string[] s_badIds = ["bad id", "é", new string('a', 65), "a%2Fb", "a:b"];
    private static readonly string[] s_plugins = ["ht-ws-msg-pub", "ht-msg-sub", "ht-ws-msg-sub", "limit-count", "HT-MSG-SUB", "é", "x y"];

    [Fact]
    public async Task Routes_MutatedSeedDocuments_Never500RefusalsChangeNothingAcceptedAreKept()
    {
        JsonNode[] seeds =
        [
            .. SeedAdminPayloads.ActionRoutes.Select(route => JsonNode.Parse(route.Payload)!),
            JsonNode.Parse(SeedAdminPayloads.Entry)!,
            JsonNode.Parse("""
                {"uri":"/map","labels":{"superior_id":"1","team":"quotes"},
                 "upstream":{"nodes":{"127.0.0.1:1975":1,"[::1]:1976":0},"type":"chash","scheme":"https","timeout":{"connect":1,"send":2.5,"read":3},"retries":1},
                 "plugins":{"ht-ws-msg-sub":{"action":"sub_patch"}}}
                """)!,
        ];

        // A URI of its own for most documents, so that most valid ones are accepted; the same one now and then.
        var documents = Gen.Int[0, 999].SelectMany(n => FuzzDocument.From([.. seeds.Select(seed => WithUri(seed, $"/fuzz/{n}"))]));
        var requests = Gen.Select(
            Gen.Frequency(
                (6, Gen.OneOf(s_ids).Select(id => (HttpMethod.Put, $"/apisix/admin/routes/{id}"))),
                (1, Gen.OneOf(s_badIds).Select(id => (HttpMethod.Put, $"/apisix/admin/routes/{Uri.EscapeDataString(id)}"))),
                (2, Gen.Const((HttpMethod.Post, "/apisix/admin/routes")))),
            documents,
            (target, document) => new AdminRequest(target.Item1, target.Item2, document));

        await FuzzAsync(requests, defaultIterations: 250);
    }

    [Fact]
    public async Task PluginMetadata_MutatedDocuments_Never500RefusalsChangeNothingAcceptedAreKept()
    {
        var seeds = new[] { JsonNode.Parse("""{"api7_push_gateway_addrs":["127.0.0.1:9080","10.0.0.2:9080"]}""")!, new JsonObject() };
        var requests = Gen.Select(
            Gen.Frequency((3, Gen.OneOf(s_plugins[..3])), (1, Gen.OneOf(s_plugins[3..]))),
            FuzzDocument.From(seeds),
            (plugin, document) => new AdminRequest(HttpMethod.Put, $"/apisix/admin/plugin_metadata/{Uri.EscapeDataString(plugin)}", document));

        await FuzzAsync(requests, defaultIterations: 100);
    }

    private async Task FuzzAsync(Gen<AdminRequest> requests, int defaultIterations)
    {
        var settings = FuzzSettings.FromEnvironment(defaultIterations, output);
        await using var admin = await AdminGateway.StartAsync();
        (await admin.PutRouteAsync(SeedUris.EntryId, SeedAdminPayloads.Entry)).AssertStatus(201);
        (await admin.PutRouteAsync("11", AdminRoutes.Action(SeedUris.Register, "register"))).AssertStatus(201);
        (await admin.PutRouteAsync("12", AdminRoutes.Action(SeedUris.SubAdd, "sub_add"))).AssertStatus(201);
        var witness = await FuzzWitness.ConnectAsync(admin.Gateway);
        try
        {
            var statuses = new SortedDictionary<int, int>();
            await settings.RunAsync(requests, async request =>
            {
                var status = await CheckAsync(admin, request);
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
            }, request => request.ToString(), witness);
            output.WriteLine($"Answers: {string.Join(", ", statuses.Select(s => $"{s.Key} x{s.Value}"))}.");
        }
        finally
        {
            await witness.DisposeAsync();
        }

        // Whatever was accepted was stored in a form the gateway loads again.
        var state = await StateAsync(admin);
        await admin.RestartAsync();
        JsonAssert.Equal(state.GetRawText(), await StateAsync(admin));
    }

    /// <summary>Sends <paramref name="request"/> and asserts the invariants; returns the answer's status.</summary>
    private static async Task<int> CheckAsync(AdminGateway admin, AdminRequest request)
    {
        var before = await StateAsync(admin);
        var body = request.Document.ToUtf8();

        var answer = await admin.SendBytesAsync(request.Method, request.Path, body);

        Assert.True(answer.StatusCode is >= 200 and < 500, $"HTTP {answer.StatusCode}: '{answer.Text}'");
        if (answer.StatusCode >= 400)
        {
            AdminAssert.Error(answer, answer.StatusCode);
            JsonAssert.Equal(before.GetRawText(), await StateAsync(admin));
            return answer.StatusCode;
        }

        var key = JsonAssert.Property(answer.Json, "key").GetString()!;
        var value = JsonAssert.Property(answer.Json, "value");
        var read = await admin.SendAsync(HttpMethod.Get, key.Replace("/apisix/", "/apisix/admin/", StringComparison.Ordinal));
        read.AssertStatus(200);
        JsonAssert.Equal(answer.Text, read.Json);
        var document = JsonNode.Parse(body)!.AsObject();
        if (request.Method == HttpMethod.Put && request.Path.Contains("/plugin_metadata/", StringComparison.Ordinal))
        {
            answer.AssertStatus(200);
            JsonAssert.Equal(document.ToJsonString(), value);
            return answer.StatusCode;
        }

        foreach (var stamp in s_stamps)
        {
            document.Remove(stamp);
        }

        JsonAssert.Equal(document.ToJsonString(), AdminAssert.WithoutStamps(value));
        var routes = JsonAssert.Property(await StateAsync(admin), "routes");
        var totalBefore = JsonAssert.Property(JsonAssert.Property(before, "routes"), "total").GetInt32();
        Assert.Equal(totalBefore + (answer.StatusCode == 201 ? 1 : 0), JsonAssert.Property(routes, "total").GetInt32());
        var listed = JsonAssert.Property(routes, "list").EnumerateArray().Single(e => JsonAssert.Property(e, "key").GetString() == key);
        JsonAssert.Equal(answer.Text, listed);
        return answer.StatusCode;
    }

    /// <summary>Everything the admin API keeps: the route list and the metadata of every plugin name the run uses.</summary>
    private static async Task<JsonElement> StateAsync(AdminGateway admin)
    {
        var metadata = new JsonObject();
        foreach (var plugin in s_plugins)
        {
            var answer = await admin.SendAsync(HttpMethod.Get, $"/apisix/admin/plugin_metadata/{Uri.EscapeDataString(plugin)}");
            metadata[plugin] = JsonNode.Parse(answer.Text);
        }

        var routes = await admin.ListRoutesAsync();
        routes.AssertStatus(200);
        return JsonAssert.Parse(new JsonObject { ["routes"] = JsonNode.Parse(routes.Text), ["metadata"] = metadata }.ToJsonString());
    }

    private static JsonNode WithUri(JsonNode route, string uri)
    {
        var node = route.DeepClone();
        node["uri"] = uri;
        return node;
    }

    private sealed record AdminRequest(HttpMethod Method, string Path, FuzzDocument Document)
    {
        public override string ToString() => $"{Method} {Path} {Document}";
    }
}
