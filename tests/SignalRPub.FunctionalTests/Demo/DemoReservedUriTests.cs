using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Demo;

/// <summary>
/// <c>/demo</c> and every path under it belong to the demo page, whether it is served or not: no route may take them
/// (the admin API's refusals are with the other reserved URIs in <see cref="AdminReservedUriTests"/>), and routes
/// beside them keep working with the page on.
/// </summary>
public sealed class DemoReservedUriTests
{
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
