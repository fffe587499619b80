using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Demo;

/// <summary>
/// <c>/demo</c> and every path under it belong to the demo page, whether it is served or not: no route may take them,
/// and routes beside them keep working with the page on.
/// </summary>
public sealed class DemoReservedUriTests
{
    [Theory]
    [InlineData("/demo")]
    [InlineData("/demo/")]
    [InlineData("/demo/index.html")]
    [InlineData("/demo/x/y")]
    [InlineData("/DEMO")]
    [InlineData("/Demo/Feed")]
    public async Task PutOrPost_DemoUri_400NamesItAndNothingStored(string uri)
    {
        await using var admin = await AdminGateway.StartAsync();

        var entry = await admin.PutRouteAsync("20", AdminRoutes.Entry(uri));
        var action = await admin.PutRouteAsync("21", AdminRoutes.Action(uri, "sub_add"));
        var posted = await admin.SendAsync(HttpMethod.Post, "/apisix/admin/routes", AdminRoutes.Action(uri, "sub_add"));

        foreach (var answer in new[] { entry, action, posted })
        {
            var message = AdminAssert.Error(answer, 400);
            Assert.Contains($"route.uri: '{uri}' is reserved for the gateway's own endpoints", message);
            Assert.Contains("/demo and below", message);
        }

        AdminAssert.ListIds(await admin.ListRoutesAsync(), 0);
    }

    [Fact]
    public async Task Start_ConfiguredRouteOnDemoUri_RefusesToStartNamingIt()
    {
        var routes = TestRoutes.Seed();
        routes.Add(TestRoutes.Entry("2", "/demo/feed"));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => TestGateway.StartAsync(options => options.Routes = routes));

        Assert.Contains("'/demo/feed' is reserved", refused.Message);
    }

    [Fact]
    public async Task Routes_BesideTheDemoPath_WorkWithTheDemoOn()
    {
        var routes = TestRoutes.Seed();
        routes.Add(TestRoutes.Entry("2", "/demos"));
        routes.Add(TestRoutes.Action("20", "/demos/register", "register", "2"));
        routes.Add(TestRoutes.Action("21", "/demo-feed/subscribe", "sub_add", "2"));
        await using var gateway = await DemoGateway.StartAsync(options => options.Routes = routes);
        await using var client = await gateway.ConnectRegisteredAsync("/demos", "/demos/register");

        var answer = await gateway.PostAsync("/demo-feed/subscribe", """{"topics":["t1"]}""", gateway.BackendHeaders(client.ConnectionId));

        answer.AssertStatus(200);
        Assert.Equal(["t1"], Frames.TopicsOf(answer.Json));
        (await gateway.SendAsync(HttpMethod.Get, "/demo/", null)).AssertStatus(200);
    }
}
