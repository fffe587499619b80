using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SignalRPub.FunctionalTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SignalRPub.FunctionalTests.Dashboard;

/// <summary>
/// The dashboard (<c>/dashboard/</c> on the admin listener) in headless Chromium: the login box, and figures that move
/// while the test connects clients, publishes and calls an upstream.
/// </summary>
public sealed partial class DashboardPageTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task LogIn_ClientsConnectSubscribeAndAreSentPublishes_FiguresChartsAndTopTopicsMove()
    {
        await using var admin = await AdminGateway.StartAsync(o => o.Routes = TestRoutes.Seed());
        await using var page = await DashboardPage.OpenAsync(chromium.Browser, admin.Gateway.AdminUri);
        await page.LogInAsync(AdminGateway.AdminKey);
        await Expect(page.Page.Locator("#login")).ToBeHiddenAsync();
        await Expect(page.Board).ToBeVisibleAsync();
        await page.ExpectValueAsync("connections", "0");
        await page.ExpectValueAsync("messages-in-total", "0");

        await using var one = await admin.Gateway.ConnectRegisteredAsync();
        await using var two = await admin.Gateway.ConnectRegisteredAsync();
        await one.SubscribeAsync("quotes", "news");
        await two.SubscribeAsync("quotes");
        await page.ExpectValueAsync("connections", "2");
        await Expect(page.TopicCell("quotes")).ToHaveTextAsync("2");
        await Expect(page.TopicCell("news")).ToHaveTextAsync("1");

        for (var i = 0; i < 3; i++)
        {
            await admin.Gateway.PublishAsync("quotes", new JsonObject { ["last"] = i });
        }

        await page.ExpectValueAsync("messages-in-total", "3");
        await Expect(page.Page.Locator("#chart-messages-in")).Not.ToHaveAttributeAsync("data-max", "0");
        await Expect(page.Page.Locator("#chart-messages-out")).Not.ToHaveAttributeAsync("data-max", "0");
        await Expect(page.Page.Locator("#chart-bytes-out")).Not.ToHaveAttributeAsync("data-max", "0");
        await Expect(page.Page.Locator("#bytes-out-total")).Not.ToHaveAttributeAsync("data-value", "0");
        await Expect(page.Page.Locator("#chart-connections")).ToHaveAttributeAsync("data-max", "2");
        Assert.Empty(page.PageErrors);
    }

    [Fact]
    public async Task LogIn_RoutesWithAnUpstream_TableListsEveryRouteAndTheNodesHealthAndLatency()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var admin = await AdminGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(subAdd: UpstreamRoutes.RoundRobin(upstream.Node())));
        await using var page = await DashboardPage.OpenAsync(chromium.Browser, admin.Gateway.AdminUri);
        await page.LogInAsync(AdminGateway.AdminKey);

        foreach (var id in new[] { "1", "11", "12", "13", "14", "15" })
        {
            await Expect(page.RouteRows(id)).ToHaveCountAsync(1);
        }

        var subAdd = page.RouteRows("12");
        await Expect(subAdd).ToHaveAttributeAsync("data-node", upstream.Authority);
        await Expect(subAdd.Locator("td[data-field='health']")).ToHaveTextAsync("healthy");
        await Expect(subAdd.Locator("td[data-field='calls']")).ToHaveTextAsync("0");

        await using var client = await admin.Gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a");

        await Expect(subAdd.Locator("td[data-field='calls']")).ToHaveTextAsync("1");
        await Expect(subAdd.Locator("td[data-field='p50']")).ToHaveTextAsync(Number());
        await Expect(subAdd.Locator("td[data-field='p99']")).ToHaveTextAsync(Number());
        await Expect(page.RouteRows("1")).ToContainTextAsync(SeedUris.Entry);

        // A route added through the admin API appears without a reload.
        (await admin.PutRouteAsync("20", AdminRoutes.Action("/added", "sub_add"))).AssertStatus(201);
        await Expect(page.RouteRows("20")).ToContainTextAsync("/added");
        Assert.Empty(page.PageErrors);
    }

    [Fact]
    public async Task LogIn_WrongKey_LoginBoxShowsTheRefusalAndNoFigures()
    {
        await using var admin = await AdminGateway.StartAsync();
        await using var page = await DashboardPage.OpenAsync(chromium.Browser, admin.Gateway.AdminUri);

        await page.SubmitKeyAsync("not-the-key");

        await Expect(page.LoginError).ToBeVisibleAsync();
        await Expect(page.LoginError).ToHaveTextAsync("the admin key was refused");
        await Expect(page.Page.Locator("#login")).ToBeVisibleAsync();
        await Expect(page.Board).ToBeHiddenAsync();
        Assert.Null(await page.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('signalrpub.adminKey')"));
    }

    [Fact]
    public async Task Reload_AfterLogIn_StaysLoggedInUntilLogOut()
    {
        await using var admin = await AdminGateway.StartAsync();
        await using var page = await DashboardPage.OpenAsync(chromium.Browser, admin.Gateway.AdminUri);
        await page.LogInAsync(AdminGateway.AdminKey);

        await page.Page.ReloadAsync();
        await page.ExpectLiveAsync();
        await page.Page.ClickAsync("#logout");

        await Expect(page.Page.Locator("#login")).ToBeVisibleAsync();
        await Expect(page.Board).ToBeHiddenAsync();
        Assert.Null(await page.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('signalrpub.adminKey')"));
        Assert.Null(await page.Page.EvaluateAsync<string?>("() => localStorage.getItem('signalrpub.adminKey')"));
    }

    [GeneratedRegex(@"^\d+(\.\d)?$")]
    private static partial Regex Number();
}
