using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>
/// docs/admin.md §8: a route may not take a URI of the gateway's own endpoints (<c>/hub</c> and below, <c>/api/v1</c>
/// and below, <c>/healthz</c>, <c>/readyz</c>, <c>/demo</c> and below, whether the demo page is on or not), through the admin
/// API or configuration; the endpoints keep working.
/// </summary>
public sealed class AdminReservedUriTests
{
    [Theory]
    [InlineData("/hub")]
    [InlineData("/hub/")]
    [InlineData("/hub/negotiate")]
    [InlineData("/HUB")]
    [InlineData("/api/v1")]
    [InlineData("/api/v1/")]
    [InlineData("/api/v1/publish")]
    [InlineData("/api/v1/anything/else")]
    [InlineData("/Api/V1/Publish")]
    [InlineData("/healthz")]
    [InlineData("/healthz/")]
    [InlineData("/HealthZ")]
    [InlineData("/readyz")]
    [InlineData("/ReadyZ/")]
    [InlineData("/demo")]
    [InlineData("/demo/")]
    [InlineData("/demo/index.html")]
    [InlineData("/demo/x/y")]
    [InlineData("/DEMO")]
    [InlineData("/Demo/Feed")]
    public async Task PutOrPost_GatewaysOwnUri_400NamesItAndNothingStored(string uri)
    {
        await using var admin = await AdminGateway.StartAsync();

        var entry = await admin.PutRouteAsync("20", AdminRoutes.Entry(uri));
        var action = await admin.PutRouteAsync("21", AdminRoutes.Action(uri, "sub_add"));
        var posted = await admin.SendAsync(HttpMethod.Post, "/apisix/admin/routes", AdminRoutes.Action(uri, "sub_add"));

        foreach (var answer in new[] { entry, action, posted })
        {
            var message = AdminAssert.Error(answer, 400);
            Assert.Contains($"route.uri: '{uri}' is reserved", message);
        }

        AdminAssert.ListIds(await admin.ListRoutesAsync(), 0);
        JsonAssert.Equal("""{"status":"ok"}""", (await admin.Gateway.SendAsync(HttpMethod.Get, "/healthz", null)).Json);
    }

    [Theory]
    [InlineData("/hubs")]
    [InlineData("/hub-x")]
    [InlineData("/x/hub")]
    [InlineData("/api")]
    [InlineData("/api/v10")]
    [InlineData("/api/v2/publish")]
    [InlineData("/healthzz")]
    [InlineData("/healthz/x")]
    [InlineData("/readyz/x")]
    public async Task Put_UriBesideTheGatewaysOwn_Accepted(string uri)
    {
        await using var admin = await AdminGateway.StartAsync();

        (await admin.PutRouteAsync("20", AdminRoutes.Action(uri, "sub_add"))).AssertStatus(201);
    }

    [Fact]
    public async Task Start_ConfiguredRoutesOnReservedUris_RefusesToStartListingEach()
    {
        var routes = TestRoutes.Seed();
        routes.Add(TestRoutes.Entry("2", "/hub"));
        routes.Add(TestRoutes.Action("3", "/api/v1/publish", "sub_add"));
        routes.Add(TestRoutes.Action("4", "/healthz", "sub_add"));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => TestGateway.StartAsync(options => options.Routes = routes));

        Assert.Contains("'/hub' is reserved", refused.Message);
        Assert.Contains("'/api/v1/publish' is reserved", refused.Message);
        Assert.Contains("'/healthz' is reserved", refused.Message);
    }

    [Fact]
    public async Task Start_StoredRouteOnReservedUri_RefusesToStartNamingIt()
    {
        await using var admin = await AdminGateway.StartAsync();
        (await admin.PutRouteAsync("20", AdminRoutes.Action("/x", "sub_add"))).AssertStatus(201);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => admin.RestartAsync(() =>
        {
            var file = JsonNode.Parse(File.ReadAllText(admin.RoutesFile))!;
            file["routes"]!["20"]!["uri"] = "/api/v1/publish";
            File.WriteAllText(admin.RoutesFile, file.ToJsonString());
        }));

        Assert.Contains("route 20.uri: '/api/v1/publish' is reserved", refused.Message);
    }
}
