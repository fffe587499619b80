using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>docs/admin.md §8: invalid input gets <c>400 {"error_msg"}</c> listing every problem, and changes nothing.</summary>
public sealed class AdminValidationTests
{
    [Fact]
    public async Task Put_RouteWithSeveralMistakes_400ReportsEveryOneAtOnce()
    {
        await using var admin = await AdminGateway.StartAsync();

        var answer = await admin.PutRouteAsync("20", """{"uri":"msg","plugins":{"ht-msg-sub":{"action":"subscribe","upstream":{"nodes":[],"type":"random"}}}}""");

        var message = AdminAssert.Error(answer, 400);
        Assert.Contains("route.uri: 'msg'", message);
        Assert.Contains("route.plugins.ht-msg-sub.action:", message);
        Assert.Contains("route.plugins.ht-msg-sub.upstream.nodes:", message);
        Assert.Contains("route.plugins.ht-msg-sub.upstream.type:", message);
        AdminAssert.Error(await admin.GetRouteAsync("20"), 404);
    }

    [Theory]
    [InlineData("not json", "invalid request body: 'not json' is an invalid JSON literal")]
    [InlineData("", "invalid request body: the text is empty")]
    [InlineData("""{"uri":"/x",""", "invalid request body: ")]
    [InlineData("null", "route: a route must be a JSON object")]
    [InlineData("""["/x"]""", "route: a route must be a JSON object")]
    [InlineData("""{"uri":"/x"}""", "route.plugins:")]
    [InlineData("""{"plugins":{"ht-msg-sub":{"action":"sub_add"}}}""", "route.uri:")]
    [InlineData("""{"uri":"/x?a=1","plugins":{"ht-msg-sub":{"action":"sub_add"}}}""", "route.uri:")]
    [InlineData("""{"uri":"/x","plugins":{"ht-msg-sub":{"action":"sub_add"},"limit-count":{}}}""", "route.plugins.limit-count:")]
    [InlineData("""{"uri":"/x","plugins":{"ht-ws-msg-pub":{}},"upstream":{"nodes":{"h:1":1}}}""", "route.upstream:")]
    [InlineData("""{"uri":"/x","plugins":{"ht-msg-sub":{"action":"sub_add","nodes":{"h:1":1},"upstream":{"nodes":{"h:1":1}}}}}""", "more than one place")]
    [InlineData("""{"uri":"/x","plugins":{"ht-msg-sub":{"action":"sub_add","upstream":{"nodes":[{"host":"h","port":70000}]}}}}""", "upstream.nodes[0].port:")]
    [InlineData("""{"uri":"/x","plugins":{"ht-msg-sub":{"action":"sub_add","upstream":{"nodes":{"h:1":0}}}}}""", "upstream.nodes:")]
    [InlineData("""{"uri":"/x","plugins":{"ht-msg-sub":{"action":"sub_add","upstream":{"nodes":{"h:1":1},"timeout":{"read":-1}}}}}""", "upstream.timeout.read:")]
    [InlineData("""{"uri":"/x","plugins":{"ht-msg-sub":{"action":"sub_add","upstream":{"nodes":{"h:1":1},"retries":-1}}}}""", "upstream.retries:")]
    [InlineData("""{"uri":"/x","plugins":{"ht-msg-sub":{"action":"sub_add","upstream":{"nodes":{"h:1":1},"scheme":"grpc"}}}}""", "upstream.scheme:")]
    public async Task Put_InvalidRoute_400NamesTheProblemAndStoresNothing(string body, string expected)
    {
        await using var admin = await AdminGateway.StartAsync();

        var answer = await admin.PutRouteAsync("20", body);

        Assert.Contains(expected, AdminAssert.Error(answer, 400));
        AdminAssert.Error(await admin.GetRouteAsync("20"), 404);
        AdminAssert.ListIds(await admin.SendAsync(HttpMethod.Get, "/apisix/admin/routes"), 0);
    }

    [Theory]
    [InlineData("bad%20id")]
    [InlineData("a%2Fb")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345")]
    public async Task Put_InvalidId_400(string id)
    {
        await using var admin = await AdminGateway.StartAsync();

        var answer = await admin.PutRouteAsync(id, AdminRoutes.Action("/x", "sub_add"));

        Assert.StartsWith("invalid route id", AdminAssert.Error(answer, 400));
        AdminAssert.ListIds(await admin.SendAsync(HttpMethod.Get, "/apisix/admin/routes"), 0);
    }

    [Fact]
    public async Task Put_InvalidReplacement_400AndOldRouteStaysInForce()
    {
        await using var admin = await AdminGateway.StartAsync();
        await PutAsync(admin, ("1", AdminRoutes.Entry()), ("11", AdminRoutes.Action(SeedUris.Register, "register")), ("12", AdminRoutes.Action(SeedUris.SubAdd, "sub_add")));
        var before = await admin.GetRouteAsync("12");

        var answer = await admin.PutRouteAsync("12", """{"uri":"/60150/ormp/subscribe/accountSubscribe","plugins":{"ht-msg-sub":{"action":"sub_nope"}}}""");

        AdminAssert.Error(answer, 400);
        JsonAssert.Equal(before.Text, (await admin.GetRouteAsync("12")).Json);
        await using var client = await admin.Gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a");
        Assert.Equal(["a", "b"], await client.SubscribeAsync("b"));
    }

    [Fact]
    public async Task Put_UriOfAnotherRoute_400NamesBothAndOldTableStaysInForce()
    {
        await using var admin = await AdminGateway.StartAsync();
        await PutAsync(
            admin,
            ("1", AdminRoutes.Entry()),
            ("11", AdminRoutes.Action(SeedUris.Register, "register")),
            ("12", AdminRoutes.Action(SeedUris.SubAdd, "sub_add")),
            ("13", AdminRoutes.Action(SeedUris.SubPut, "sub_put")));
        var before = (await admin.SendAsync(HttpMethod.Get, "/apisix/admin/routes")).Text;

        var added = await admin.PutRouteAsync("20", AdminRoutes.Action(SeedUris.SubAdd, "sub_put"));
        var moved = await admin.PutRouteAsync("13", AdminRoutes.Action(SeedUris.SubAdd, "sub_put"));
        var posted = await admin.SendAsync(HttpMethod.Post, "/apisix/admin/routes", AdminRoutes.Entry(SeedUris.SubAdd));

        var message = AdminAssert.Error(added, 400);
        Assert.Contains(SeedUris.SubAdd, message);
        Assert.Contains("'12'", message);
        Assert.Contains("'20'", message);
        var movedMessage = AdminAssert.Error(moved, 400);
        Assert.Contains("'12'", movedMessage);
        Assert.Contains("'13'", movedMessage);
        Assert.Contains("'12'", AdminAssert.Error(posted, 400));
        JsonAssert.Equal(before, (await admin.SendAsync(HttpMethod.Get, "/apisix/admin/routes")).Json);

        await using var client = await admin.Gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a");
        Assert.Equal(["a", "b"], await client.SubscribeAsync("b"));
        Assert.Equal(["c"], Frames.Topics(await client.RequestAsync(SeedUris.SubPut, Frames.Topics("c"))));
    }

    [Fact]
    public async Task PutPluginMetadata_NotAnObject_400AndStoredValueKept()
    {
        await using var admin = await AdminGateway.StartAsync();
        const string path = "/apisix/admin/plugin_metadata/ht-ws-msg-pub";
        (await admin.SendAsync(HttpMethod.Put, path, """{"api7_push_gateway_addrs":["127.0.0.1:9080"]}""")).AssertStatus(200);

        var array = await admin.SendAsync(HttpMethod.Put, path, """["127.0.0.1:9080"]""");
        var text = await admin.SendAsync(HttpMethod.Put, path, "not json");

        Assert.Equal("plugin metadata must be a JSON object", AdminAssert.Error(array, 400));
        Assert.StartsWith("invalid request body: ", AdminAssert.Error(text, 400));
        JsonAssert.Equal(
            """{"key":"/apisix/plugin_metadata/ht-ws-msg-pub","value":{"api7_push_gateway_addrs":["127.0.0.1:9080"]}}""",
            (await admin.SendAsync(HttpMethod.Get, path)).Json);
    }

    private static async Task PutAsync(AdminGateway admin, params (string Id, string Body)[] routes)
    {
        foreach (var (id, body) in routes)
        {
            var answer = await admin.PutRouteAsync(id, body);
            Assert.True(answer.StatusCode is 200 or 201, $"PUT route {id} answered {answer.StatusCode}: {answer.Text}");
        }
    }
}
