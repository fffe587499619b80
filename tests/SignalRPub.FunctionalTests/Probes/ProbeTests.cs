using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Probes;

/// <summary>
/// The probes on the gateway listener (docs/operations.md, Health probes): <c>/healthz</c> answers while the process
/// serves, <c>/readyz</c> runs the checks tagged <c>ready</c> and answers 503 while one fails or the node stops.
/// </summary>
public sealed class ProbeTests
{
    [Fact]
    public async Task Healthz_Get_200StatusOkWithoutChecksAndNotCached()
    {
        await using var gateway = await TestGateway.StartAsync();

        var answer = await gateway.SendAsync(HttpMethod.Get, "/healthz", null);

        answer.AssertStatus(200);
        JsonAssert.Equal("""{"status":"ok"}""", answer.Json);
        Assert.Contains("no-store", answer.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Readyz_StartedNode_200NamingTheRoutesAndListenersChecks()
    {
        await using var gateway = await TestGateway.StartAsync();

        var answer = await gateway.SendAsync(HttpMethod.Get, "/readyz", null);

        answer.AssertStatus(200);
        Assert.Equal("ok", JsonAssert.Property(answer.Json, "status").GetString());
        var checks = JsonAssert.Property(answer.Json, "checks");
        Assert.Equal(["listeners", "routes"], checks.EnumerateObject().Select(c => c.Name));
        var routes = JsonAssert.Property(checks, "routes");
        Assert.Equal("ok", JsonAssert.Property(routes, "status").GetString());
        Assert.Equal(TestRoutes.Seed().Count, JsonAssert.Property(JsonAssert.Property(routes, "data"), "routes").GetInt32());
        var listeners = JsonAssert.Property(checks, "listeners");
        Assert.Equal("ok", JsonAssert.Property(listeners, "status").GetString());
        Assert.Equal(gateway.BaseUri.ToString().TrimEnd('/'), JsonAssert.Property(JsonAssert.Property(listeners, "data"), "gateway").GetString());
    }

    [Fact]
    public async Task Readyz_AdminListenerOn_ListenersNameItsAddress()
    {
        await using var admin = await AdminGateway.StartAsync();

        var answer = await admin.Gateway.SendAsync(HttpMethod.Get, "/readyz", null);

        answer.AssertStatus(200);
        var data = Data(answer.Json, "listeners");
        Assert.Equal(admin.Gateway.AdminUri.ToString().TrimEnd('/'), JsonAssert.Property(data, "admin").GetString());
    }

    [Fact]
    public async Task Readyz_RoutesChangedThroughTheAdminApi_RoutesCheckFollowsCountAndVersion()
    {
        await using var admin = await AdminGateway.StartAsync();
        var before = Data((await admin.Gateway.SendAsync(HttpMethod.Get, "/readyz", null)).Json, "routes");

        (await admin.PutRouteAsync("20", AdminRoutes.Action("/x", "sub_add"))).AssertStatus(201);

        var after = Data((await admin.Gateway.SendAsync(HttpMethod.Get, "/readyz", null)).Json, "routes");
        Assert.Equal(0, JsonAssert.Property(before, "routes").GetInt32());
        Assert.Equal(1, JsonAssert.Property(after, "routes").GetInt32());
        Assert.True(JsonAssert.Property(after, "version").GetInt64() > JsonAssert.Property(before, "version").GetInt64(), after.GetRawText());
    }

    [Fact]
    public async Task Readyz_HostCheckTaggedReadyFails_503NamingItThen200OnceItPasses()
    {
        var dependencyUp = true;
        await using var gateway = await TestGateway.StartAsync(o => o.ConfigureServices = services => services.AddHealthChecks().AddCheck(
            "database",
            () => Volatile.Read(ref dependencyUp) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("the database is away"),
            tags: [SignalRPubEndpointRouteBuilderExtensions.ReadinessTag]));
        (await gateway.SendAsync(HttpMethod.Get, "/readyz", null)).AssertStatus(200);

        Volatile.Write(ref dependencyUp, false);
        var down = await gateway.SendAsync(HttpMethod.Get, "/readyz", null);
        var alive = await gateway.SendAsync(HttpMethod.Get, "/healthz", null);
        Volatile.Write(ref dependencyUp, true);
        var up = await gateway.SendAsync(HttpMethod.Get, "/readyz", null);

        down.AssertStatus(503);
        Assert.Equal("unavailable", JsonAssert.Property(down.Json, "status").GetString());
        JsonAssert.Equal("""{"status":"unavailable","description":"the database is away"}""", Check(down.Json, "database"));
        Assert.Equal("ok", JsonAssert.Property(Check(down.Json, "routes"), "status").GetString());
        alive.AssertStatus(200);
        up.AssertStatus(200);
        Assert.Equal("ok", JsonAssert.Property(Check(up.Json, "database"), "status").GetString());
    }

    [Fact]
    public async Task Readyz_FailingHostCheckWithoutTheTag_NotRunAndStill200()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.ConfigureServices = services =>
            services.AddHealthChecks().AddCheck("other", () => HealthCheckResult.Unhealthy("not about readiness")));

        var answer = await gateway.SendAsync(HttpMethod.Get, "/readyz", null);

        answer.AssertStatus(200);
        Assert.False(JsonAssert.Property(answer.Json, "checks").TryGetProperty("other", out _), answer.Text);
    }

    [Fact]
    public async Task Readyz_NodeStopping_503ListenersSayStoppingWhileHealthzStays200()
    {
        await using var gateway = await TestGateway.StartAsync();

        // The moment a stopping host is in after it signalled ApplicationStopping and before its server stops
        // listening. A host started with StartAsync, as here, signals it and goes on serving.
        gateway.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var ready = await gateway.SendAsync(HttpMethod.Get, "/readyz", null);
        var alive = await gateway.SendAsync(HttpMethod.Get, "/healthz", null);

        ready.AssertStatus(503);
        var listeners = Check(ready.Json, "listeners");
        Assert.Equal("unavailable", JsonAssert.Property(listeners, "status").GetString());
        Assert.Equal("the node is stopping", JsonAssert.Property(listeners, "description").GetString());
        alive.AssertStatus(200);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Probe_Head_200WithoutBody(string path)
    {
        await using var gateway = await TestGateway.StartAsync();

        var answer = await gateway.SendAsync(HttpMethod.Head, path, null);

        answer.AssertStatus(200);
        Assert.Empty(answer.Text);
    }

    private static JsonElement Check(JsonElement answer, string name) => JsonAssert.Property(JsonAssert.Property(answer, "checks"), name);

    private static JsonElement Data(JsonElement answer, string check) => JsonAssert.Property(Check(answer, check), "data");
}
