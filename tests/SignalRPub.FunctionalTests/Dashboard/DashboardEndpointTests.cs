using System.Net;
using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Dashboard;

/// <summary>
/// <c>/dashboard/</c> on the admin listener over plain HTTP: its files without the key (they hold no data), with a
/// Content-Security-Policy that allows nothing but them and requests to the same listener; its data only with the key.
/// </summary>
public sealed class DashboardEndpointTests
{
    private const string Csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    [Theory]
    [InlineData("dashboard/", "text/html; charset=utf-8")]
    [InlineData("dashboard/index.html", "text/html; charset=utf-8")]
    [InlineData("dashboard/dashboard.js", "text/javascript; charset=utf-8")]
    [InlineData("dashboard/chart.js", "text/javascript; charset=utf-8")]
    [InlineData("dashboard/dashboard.css", "text/css; charset=utf-8")]
    public async Task Get_DashboardFileWithoutKey_ServedWithItsContentTypeAndCsp(string path, string contentType)
    {
        await using var admin = await AdminGateway.StartAsync();

        using var response = await admin.Admin.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.ToString());
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 0);
        Assert.Equal(Csp, string.Join(", ", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task Get_DashboardWithoutSlash_RedirectsToTheFolder()
    {
        await using var admin = await AdminGateway.StartAsync();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = admin.Gateway.AdminUri, Timeout = TestTimeouts.Default };

        using var response = await client.GetAsync("dashboard");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/dashboard/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Get_FileTheDashboardDoesNotHave_404NotFound()
    {
        await using var admin = await AdminGateway.StartAsync();

        var answer = await admin.SendAsync(HttpMethod.Get, "/dashboard/missing.js", key: null);

        answer.AssertError(404, "not_found");
    }

    [Fact]
    public async Task Get_PathBelowADashboardFolder_NotADashboardFileSo401WithoutKey()
    {
        await using var admin = await AdminGateway.StartAsync();

        var answer = await admin.SendAsync(HttpMethod.Get, "/dashboard/wwwroot/dashboard.js", key: null);

        AdminAssert.Error(answer, 401);
    }

    [Theory]
    [InlineData("/signalrpub/stats")]
    [InlineData("/signalrpub/routes")]
    [InlineData("/signalrpub/topics?top=5")]
    public async Task Get_DashboardDataWithoutOrWithWrongKey_401(string path)
    {
        await using var admin = await AdminGateway.StartAsync();

        var none = await admin.SendAsync(HttpMethod.Get, path, key: null);
        var wrong = await admin.SendAsync(HttpMethod.Get, path, key: "not-the-key");

        AdminAssert.Error(none, 401);
        AdminAssert.Error(wrong, 401);
    }

    [Theory]
    [InlineData("/signalrpub/stats")]
    [InlineData("/signalrpub/routes")]
    [InlineData("/signalrpub/topics?top=5")]
    public async Task Get_DashboardDataWithKey_200Json(string path)
    {
        await using var admin = await AdminGateway.StartAsync();

        var answer = await admin.SendAsync(HttpMethod.Get, path);

        answer.AssertStatus(200);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, answer.Json.ValueKind);
    }

    [Fact]
    public async Task Post_Dashboard_NotServedWithoutKey()
    {
        await using var admin = await AdminGateway.StartAsync();

        var answer = await admin.SendAsync(HttpMethod.Post, "/dashboard/", "{}", key: null);

        AdminAssert.Error(answer, 401);
    }

    [Fact]
    public async Task Get_DashboardTurnedOff_401WithoutKeyAnd404WithIt()
    {
        await using var admin = await AdminGateway.StartAsync(o => ((JsonObject)o.Settings["Admin"]!)["Dashboard"] = false);

        AdminAssert.Error(await admin.SendAsync(HttpMethod.Get, "/dashboard/", key: null), 401);
        (await admin.SendAsync(HttpMethod.Get, "/dashboard/")).AssertStatus(404);
    }

    [Fact]
    public async Task Get_DashboardOnTheGatewayListener_404()
    {
        await using var admin = await AdminGateway.StartAsync();

        var answer = await admin.Gateway.SendAsync(HttpMethod.Get, "/dashboard/", null);

        answer.AssertStatus(404);
    }
}
