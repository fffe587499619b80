using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>PROTOCOL.md §9 and docs/admin.md §1, §2: the admin key guards every path of its own listener, and only there.</summary>
public sealed class AdminSecurityTests
{
    private const string ValidRoute = """{"uri":"/x","plugins":{"ht-msg-sub":{"action":"sub_add"}}}""";

    // Every endpoint, existing or not, with an id that exists ("1") and one that does not ("nope").
    private static readonly (HttpMethod Method, string Path, string? Body)[] s_endpoints =
    [
        (HttpMethod.Get, "/apisix/admin/routes", null),
        (HttpMethod.Get, "/apisix/admin/routes?label=superior_id:1", null),
        (HttpMethod.Get, "/apisix/admin/routes/1", null),
        (HttpMethod.Get, "/apisix/admin/routes/nope", null),
        (HttpMethod.Put, "/apisix/admin/routes/1", ValidRoute),
        (HttpMethod.Put, "/apisix/admin/routes/nope", ValidRoute),
        (HttpMethod.Put, "/apisix/admin/routes/nope", "not json"),
        (HttpMethod.Post, "/apisix/admin/routes", ValidRoute),
        (HttpMethod.Delete, "/apisix/admin/routes/1", null),
        (HttpMethod.Delete, "/apisix/admin/routes/nope", null),
        (HttpMethod.Patch, "/apisix/admin/routes/1", ValidRoute),
        (HttpMethod.Put, "/apisix/admin/plugin_metadata/ht-ws-msg-pub", """{"api7_push_gateway_addrs":[]}"""),
        (HttpMethod.Get, "/apisix/admin/plugin_metadata/ht-ws-msg-pub", null),
        (HttpMethod.Get, "/signalrpub/connections/nope", null),
        (HttpMethod.Get, "/signalrpub/users/nope", null),
        (HttpMethod.Get, "/signalrpub/topics/t", null),
        (HttpMethod.Get, "/signalrpub/stats", null),
        (HttpMethod.Get, "/no/such/path", null),
        (HttpMethod.Get, "/healthz", null),
    ];

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong")]
    [InlineData(AdminGateway.AdminKey + "x")]
    [InlineData("test-admin-ke")]
    [InlineData(TestGateway.DefaultPublishKey)]
    [InlineData("edd1c9f034335f136f87ad84b625c8f1")]
    public async Task AnyEndpoint_MissingOrWrongKey_401AndNothingChanges(string? key)
    {
        await using var admin = await AdminGateway.StartAsync();
        (await admin.PutRouteAsync("1", SeedAdminPayloads.Entry)).AssertStatus(201);
        var before = (await admin.SendAsync(HttpMethod.Get, "/apisix/admin/routes")).Text;

        foreach (var (method, path, body) in s_endpoints)
        {
            var answer = await admin.SendAsync(method, path, body, key);
            Assert.True(answer.StatusCode == 401, $"{method} {path} with key '{key}' answered {answer.StatusCode}: {answer.Text}");
            JsonAssert.Equal("""{"error_msg":"failed to check token"}""", answer.Json);
        }

        JsonAssert.Equal(before, (await admin.SendAsync(HttpMethod.Get, "/apisix/admin/routes")).Json);
        AdminAssert.Error(await admin.SendAsync(HttpMethod.Get, "/apisix/admin/plugin_metadata/ht-ws-msg-pub"), 404);
    }

    [Fact]
    public async Task AnyEndpoint_KeyInQuery_Accepted()
    {
        await using var admin = await AdminGateway.StartAsync();

        var right = await admin.SendAsync(HttpMethod.Get, $"/apisix/admin/routes?api_key={AdminGateway.AdminKey}", key: null);
        var wrong = await admin.SendAsync(HttpMethod.Get, "/apisix/admin/routes?api_key=wrong", key: null);
        var stats = await admin.SendAsync(HttpMethod.Get, $"/signalrpub/stats?api_key={AdminGateway.AdminKey}", key: null);

        AdminAssert.ListIds(right, 0);
        AdminAssert.Error(wrong, 401);
        stats.AssertStatus(200);
    }

    [Fact]
    public async Task UnknownPathOrMethod_WithKey_404Or405()
    {
        await using var admin = await AdminGateway.StartAsync();

        var unknown = await admin.SendAsync(HttpMethod.Get, "/no/such/path");
        var patch = await admin.SendAsync(HttpMethod.Patch, "/apisix/admin/routes/1", ValidRoute);

        unknown.AssertStatus(404);
        patch.AssertStatus(405);
    }

    [Theory]
    [InlineData("GET", "/apisix/admin/routes")]
    [InlineData("GET", "/apisix/admin/routes/1")]
    [InlineData("PUT", "/apisix/admin/routes/99")]
    [InlineData("GET", "/apisix/admin/plugin_metadata/ht-ws-msg-pub")]
    [InlineData("GET", "/signalrpub/stats")]
    [InlineData("GET", "/signalrpub/topics/t")]
    [InlineData("GET", "/signalrpub/users/u")]
    public async Task AdminPath_OnGatewayListener_404(string method, string path)
    {
        await using var admin = await AdminGateway.StartAsync();
        (await admin.PutRouteAsync("1", SeedAdminPayloads.Entry)).AssertStatus(201);

        var answer = await admin.Gateway.SendAsync(new HttpMethod(method), path, method == "PUT" ? ValidRoute : null, ("X-API-KEY", AdminGateway.AdminKey));

        answer.AssertStatus(404);
        AdminAssert.Error(await admin.GetRouteAsync("99"), 404);
    }

    [Fact]
    public async Task GatewayPaths_OnAdminListener_404()
    {
        await using var admin = await AdminGateway.StartAsync();

        var health = await admin.SendAsync(HttpMethod.Get, "/healthz");
        var publish = await admin.SendAsync(HttpMethod.Post, "/api/v1/publish", """{"topic":"t","data":1}""");

        health.AssertStatus(404);
        publish.AssertStatus(404);
        (await admin.Gateway.SendAsync(HttpMethod.Get, "/healthz", null)).AssertStatus(200);
    }
}
