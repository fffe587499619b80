using System.Text.Json;
using SignalRPub.Redis.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SignalRPub.Redis.Tests;

/// <summary>
/// <c>/readyz</c> of a node on a cluster checks Redis (docs/operations.md, Health probes): 503 naming it while Redis
/// is away, 200 again once it is back, while <c>/healthz</c> answers 200 throughout.
/// </summary>
public sealed class ReadinessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Readyz_RedisStoppedThenStarted_503NamingRedisThen200AndHealthzStays200()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var node = await GatewayNode.LaunchAsync(
            o =>
            {
                o.Name = "ready";
                o.UseRedis(redis);
            },
            output);
        var before = await node.SendAsync(HttpMethod.Get, "/readyz", null);

        await redis.StopAsync();
        await Poll.UntilAsync(async () => (await node.SendAsync(HttpMethod.Get, "/readyz", null)).StatusCode == 503, "/readyz to answer 503");
        var down = await node.SendAsync(HttpMethod.Get, "/readyz", null);
        var alive = await node.SendAsync(HttpMethod.Get, "/healthz", null);
        await redis.StartAsync();
        await Poll.UntilAsync(async () => (await node.SendAsync(HttpMethod.Get, "/readyz", null)).StatusCode == 200, "/readyz to answer 200 again");
        var back = await node.SendAsync(HttpMethod.Get, "/readyz", null);

        before.AssertStatus(200);
        Assert.Equal(["listeners", "redis", "routes"], Checks(before).EnumerateObject().Select(c => c.Name));
        Assert.Equal("ok", Status(Check(before, "redis")));
        Assert.Equal("unavailable", Status(down.Json));
        Assert.Equal("unavailable", Status(Check(down, "redis")));
        Assert.StartsWith("Redis cannot be reached", JsonAssert.Property(Check(down, "redis"), "description").GetString());
        Assert.Equal("ok", Status(Check(down, "routes")));
        Assert.Equal("ok", Status(Check(down, "listeners")));
        alive.AssertStatus(200);
        Assert.Equal("ok", Status(Check(back, "redis")));
    }

    private static JsonElement Checks(HttpAnswer answer) => JsonAssert.Property(answer.Json, "checks");

    private static JsonElement Check(HttpAnswer answer, string name) => JsonAssert.Property(Checks(answer), name);

    private static string? Status(JsonElement value) => JsonAssert.Property(value, "status").GetString();
}
