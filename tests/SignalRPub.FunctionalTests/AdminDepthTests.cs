using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>
/// docs/admin.md §8: a document (route or plugin metadata) nests objects and arrays at most 32 deep, so whatever is
/// accepted can also be stored, read back, listed and loaded again; a deeper one is refused at PUT time.
/// </summary>
public sealed class AdminDepthTests
{
    private const int MaxDepth = 32;

    [Fact]
    public async Task Put_DeepestAcceptedRoute_ReadListedAndLoadedAfterRestart()
    {
        await using var admin = await AdminGateway.StartAsync();
        var body = DeepRoute(MaxDepth);

        var put = await admin.PutRouteAsync("20", body);

        put.AssertStatus(201);
        AdminAssert.RouteEntry(put.Json, "20", body);
        AdminAssert.RouteEntry((await admin.GetRouteAsync("20")).Json, "20", body);
        var list = await admin.ListRoutesAsync();
        Assert.Equal(["20"], AdminAssert.ListIds(list, 1));
        AdminAssert.RouteEntry(JsonAssert.Property(list.Json, "list")[0], "20", body);
        AdminAssert.ListIds(await admin.ListRoutesAsync("?page=1&page_size=10"), 1);

        await admin.RestartAsync();

        AdminAssert.RouteEntry((await admin.GetRouteAsync("20")).Json, "20", body);
        Assert.Equal(["20"], AdminAssert.ListIds(await admin.ListRoutesAsync(), 1));
    }

    [Theory]
    [InlineData(MaxDepth + 1)]
    [InlineData(62)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(100_000)]
    public async Task Put_RouteDeeperThanTheLimit_400NamesTheLimitAndNothingStored(int depth)
    {
        await using var admin = await AdminGateway.StartAsync();

        var put = await admin.PutRouteAsync("20", DeepRoute(depth));
        var post = await admin.SendAsync(HttpMethod.Post, "/apisix/admin/routes", DeepRoute(depth));

        Assert.Equal($"invalid request body: nested deeper than {MaxDepth} levels of objects and arrays", AdminAssert.Error(put, 400));
        Assert.Equal($"invalid request body: nested deeper than {MaxDepth} levels of objects and arrays", AdminAssert.Error(post, 400));
        AdminAssert.ListIds(await admin.ListRoutesAsync(), 0);
    }

    [Fact]
    public async Task PutPluginMetadata_DeepestAcceptedAndOneDeeper_StoredAndRefused()
    {
        await using var admin = await AdminGateway.StartAsync();
        const string path = "/apisix/admin/plugin_metadata/ht-ws-msg-pub";

        var deepest = await admin.SendAsync(HttpMethod.Put, path, Nested(MaxDepth).ToJsonString());
        var deeper = await admin.SendAsync(HttpMethod.Put, path, Nested(MaxDepth + 1).ToJsonString());

        deepest.AssertStatus(200);
        AdminAssert.Error(deeper, 400);
        await admin.RestartAsync();
        JsonAssert.Equal(Nested(MaxDepth).ToJsonString(), JsonAssert.Property((await admin.SendAsync(HttpMethod.Get, path)).Json, "value"));
    }

    /// <summary>An action route whose <c>desc</c> field makes the whole document <paramref name="depth"/> levels deep.</summary>
    private static string DeepRoute(int depth)
    {
        if (depth > 1000)
        {
            // Too deep for JsonNode's own writer: written out as text.
            var inner = new string('[', depth - 1) + new string(']', depth - 1);
            return $$$"""{"uri":"/deep","plugins":{"ht-msg-sub":{"action":"sub_add"}},"desc":{{{inner}}}}""";
        }

        var route = JsonNode.Parse("""{"uri":"/deep","plugins":{"ht-msg-sub":{"action":"sub_add"}}}""")!.AsObject();
        route["desc"] = Nested(depth - 1);
        return route.ToJsonString(new System.Text.Json.JsonSerializerOptions { MaxDepth = depth + 1 });
    }

    /// <summary>An object <c>{"level":1,"next":{"level":2,…}}</c> exactly <paramref name="depth"/> levels deep.</summary>
    private static JsonObject Nested(int depth)
    {
        var node = new JsonObject { ["level"] = depth };
        for (var level = depth - 1; level >= 1; level--)
        {
            node = new JsonObject { ["level"] = level, ["next"] = node };
        }

        return node;
    }
}
