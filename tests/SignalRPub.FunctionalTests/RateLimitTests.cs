using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SignalRPub.Connections;
using SignalRPub.FunctionalTests.Infrastructure;
using SignalRPub.Upstreams;

namespace SignalRPub.FunctionalTests;

/// <summary>
/// Issue 9, rate limits (<c>SignalRPub:RateLimits</c>, <c>Limits:MaxUnregisteredConnections</c>): excess frames get a
/// <c>429 rate_limited</c> response frame, a socket that keeps flooding is closed 1008, excess HTTP requests get
/// <c>429</c> with <c>Retry-After</c>. Buckets refill with time, so each test bounds what may have refilled by the
/// time it took rather than assuming the machine is fast.
/// </summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task Frames_PastTheBurst_AreAnswered429RateLimitedWithTheirMsgIdAndChangeNothing()
    {
        // Past the burst, as many frames again are refused before the socket counts as flooding.
        const int burst = 6;
        const int sent = 10;
        var clock = Stopwatch.StartNew();
        await using var gateway = await TestGateway.StartAsync(o => RateLimits(o, ("FramesPerSecond", 1), ("FrameBurst", burst)));
        await using var client = await gateway.ConnectRegisteredAsync();

        for (var i = 0; i < sent; i++)
        {
            await client.SendFrameAsync(SeedUris.SubAdd, Frames.Topics($"t{i}"), $"f{i}");
        }

        var refused = new List<int>();
        var subscribed = 0;
        for (var i = 0; i < sent; i++)
        {
            var response = await client.NextResponseAsync();
            Assert.Equal($"f{i}", JsonAssert.Property(response, "msgId").GetString());
            if (response.GetProperty("status").GetInt32() == 429)
            {
                Frames.AssertError(response, 429, "rate_limited");
                refused.Add(i);
            }
            else
            {
                Frames.AssertStatus(response, 200);
                subscribed++;
            }
        }

        // The register took one token; at most one more came back per second since the gateway started.
        var refilled = (int)Math.Ceiling(clock.Elapsed.TotalSeconds);
        Assert.True(refused.Count >= sent - (burst - 1) - refilled, $"Only {refused.Count} of {sent} frames were refused in {clock.Elapsed.TotalSeconds:F1} s.");
        Assert.Equal(subscribed, (await TopicsByHttpAsync(gateway, client)).Length);
        Assert.False(client.IsClosed);
    }

    [Fact]
    public async Task Frames_FloodingWellPastTheRate_CloseTheSocketWith1008AndNobodyElse()
    {
        await using var gateway = await TestGateway.StartAsync(o => RateLimits(o, ("FramesPerSecond", 1), ("FrameBurst", 3)));
        await using var witnesses = await Witnesses.ConnectAsync(gateway);
        await using var client = await gateway.ConnectRegisteredAsync();

        for (var i = 0; i < 40 && !client.IsClosed; i++)
        {
            await client.SendFrameAsync(SeedUris.SubDelete, Frames.Topics("x"), i);
        }

        var close = await client.WaitClosedAsync();
        Assert.True(close.Status == WebSocketCloseStatus.PolicyViolation, $"Closed with {close}.");
        Assert.Equal("rate limit exceeded", close.Description);
        await witnesses.AssertEachReceivesAsync(gateway);
    }

    [Fact]
    public async Task HttpActions_MoreWaitingThanMaxQueuedActions_Get429WithRetryAfter()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var forwarder = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            o.UseSeedWithUpstream(forwarder);
            RateLimits(o, ("MaxQueuedActions", 1));
        });
        await using var client = await gateway.ConnectRegisteredAsync();
        forwarder.AnswerWith(async (request, cancellationToken) =>
        {
            await release.Task.WaitAsync(cancellationToken);
            return FakeForwarder.Json(200, "{}");
        });
        var connection = gateway.Services.GetRequiredService<ConnectionRegistry>().Find(client.ConnectionId)!;

        var running = gateway.PostAsync(SeedUris.SubAdd, """{"topics":["a"]}""", client.Authorization);
        await Poll.UntilAsync(() => forwarder.RequestsFor("sub_add").Count == 1, "the first action to reach the upstream");
        var waiting = gateway.PostAsync(SeedUris.SubAdd, """{"topics":["b"]}""", client.Authorization);
        await Poll.UntilAsync(() => connection.ActionGate.GetStatistics()?.CurrentQueuedCount == 1, "the second action to wait");
        var refused = await gateway.PostAsync(SeedUris.SubAdd, """{"topics":["c"]}""", client.Authorization);
        release.SetResult();

        refused.AssertError(429, "rate_limited");
        Assert.Equal("1", refused.Headers.RetryAfter?.ToString());
        (await running).AssertStatus(200);
        JsonAssert.Equal("""{"topics":["a","b"],"upstream":{}}""", (await waiting).Json);
    }

    [Fact]
    public async Task Publish_PastMessagesPerSecond_Is429WithRetryAfterAndPublishesNothing()
    {
        const int sent = 10;
        var clock = Stopwatch.StartNew();
        await using var gateway = await TestGateway.StartAsync(o => RateLimits(o, ("PublishMessagesPerSecond", 1)));
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a");

        var accepted = 0;
        var refused = 0;
        for (var i = 0; i < sent; i++)
        {
            var answer = await gateway.PublishJsonAsync($$"""{"topic":"a","data":{{i}}}""");
            if (answer.StatusCode == 429)
            {
                answer.AssertError(429, "rate_limited");
                Assert.Equal("1", answer.Headers.RetryAfter?.ToString());
                refused++;
            }
            else
            {
                answer.AssertStatus(202);
                accepted++;
            }
        }

        var refilled = (int)Math.Ceiling(clock.Elapsed.TotalSeconds);
        Assert.True(refused >= sent - 1 - refilled, $"Only {refused} of {sent} publishes were refused in {clock.Elapsed.TotalSeconds:F1} s.");

        // Exactly the accepted messages arrive: a marker published after them (once the bucket refilled) comes next.
        for (var i = 0; i < accepted; i++)
        {
            Assert.Equal("push", JsonAssert.Property(await client.NextPushAsync(), "type").GetString());
        }

        await Poll.UntilAsync(async () => (await gateway.PublishJsonAsync("""{"topic":"a","data":"marker"}""")).StatusCode == 202, "the bucket to refill");
        Frames.AssertPush(await client.NextPushAsync(), "a", "\"marker\"");
    }

    [Fact]
    public async Task Upgrades_PastTheBurstOfOneAddress_Get429()
    {
        const int burst = 2;
        const int attempts = 8;
        var clock = Stopwatch.StartNew();
        await using var gateway = await TestGateway.StartAsync(o => RateLimits(o, ("UpgradesPerSecondPerAddress", 1), ("UpgradeBurstPerAddress", burst)));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < attempts; i++)
        {
            statuses.Add(await Upgrade.StatusAsync(gateway.WsUri()));
        }

        var refilled = (int)Math.Ceiling(clock.Elapsed.TotalSeconds);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.SwitchingProtocols or HttpStatusCode.TooManyRequests, $"Unexpected {s}."));
        Assert.True(statuses.Count(s => s == HttpStatusCode.TooManyRequests) >= attempts - burst - refilled, string.Join(", ", statuses));
    }

    [Fact]
    public async Task HubNegotiations_PastTheBurstOfOneAddress_Get429WithRetryAfter()
    {
        const int burst = 2;
        const int attempts = 8;
        var clock = Stopwatch.StartNew();
        await using var gateway = await TestGateway.StartAsync(o => RateLimits(o, ("UpgradesPerSecondPerAddress", 1), ("UpgradeBurstPerAddress", burst)));

        var answers = new List<HttpAnswer>();
        for (var i = 0; i < attempts; i++)
        {
            answers.Add(await gateway.SendAsync(HttpMethod.Post, "/hub/negotiate?negotiateVersion=1", ""));
        }

        var refilled = (int)Math.Ceiling(clock.Elapsed.TotalSeconds);
        var refused = answers.Where(a => a.StatusCode == 429).ToList();
        Assert.True(refused.Count >= attempts - burst - refilled, string.Join(", ", answers.Select(a => a.StatusCode)));
        Assert.All(refused, a => Assert.Equal("1", a.Headers.RetryAfter?.ToString()));
        Assert.All(answers.Except(refused), a => a.AssertStatus(200));
    }

    [Fact]
    public async Task Upgrades_WhileMaxUnregisteredConnectionsWait_Get503UntilOneRegisters()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Limits["MaxUnregisteredConnections"] = 2);
        await using var first = await ConnectUnregisteredAsync(gateway);
        await using var second = await ConnectUnregisteredAsync(gateway);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await Upgrade.StatusAsync(gateway.WsUri()));
        var negotiate = await gateway.SendAsync(HttpMethod.Post, "/hub/negotiate?negotiateVersion=1", "");
        negotiate.AssertError(503, "unavailable");
        Assert.Equal("1", negotiate.Headers.RetryAfter?.ToString());

        await first.RegisterAsync();
        await using var third = await ConnectUnregisteredAsync(gateway);
        await third.RegisterAsync();
    }

    [Fact]
    public async Task AuthFailures_PastTheLimitOfOneAddress_EvenTheRightKeyGets429()
    {
        await using var gateway = await TestGateway.StartAsync(o => RateLimits(o, ("AuthFailuresPerMinutePerAddress", 3)));
        await using var client = await gateway.ConnectRegisteredAsync();

        (await gateway.PublishJsonAsync("""{"topic":"a","data":1}""", apiKey: "wrong")).AssertError(401, "unauthorized");
        (await gateway.PostAsync(SeedUris.SubAdd, """{"topics":["a"]}""", ("Authorization", "Bearer not-a-token"))).AssertError(401, "unauthorized");
        (await gateway.PostAsync(SeedUris.SubAdd, """{"topics":["a"]}""", ("X-API-KEY", "wrong"), ("connId", client.ConnectionId))).AssertError(401, "unauthorized");

        var publish = await gateway.PublishJsonAsync("""{"topic":"a","data":1}""");
        var action = await gateway.PostAsync(SeedUris.SubAdd, """{"topics":["a"]}""", client.Authorization);

        publish.AssertError(429, "rate_limited");
        Assert.Equal("1", publish.Headers.RetryAfter?.ToString());
        action.AssertError(429, "rate_limited");

        // The socket itself is not an HTTP request with a key: it goes on working.
        Assert.Equal(["a"], await client.SubscribeAsync("a"));
    }

    private static void RateLimits(TestGatewayOptions options, params (string Name, int Value)[] values)
    {
        var section = new JsonObject();
        foreach (var (name, value) in values)
        {
            section[name] = value;
        }

        options.Settings["RateLimits"] = section;
    }

    private static async Task<RawClient> ConnectUnregisteredAsync(TestGateway gateway)
    {
        var client = await gateway.ConnectAsync();

        // An answer means the hub knows the connection, so it counts among those waiting to register.
        await client.SendTextAsync("{}");
        Frames.AssertError(await client.NextResponseAsync(), 400, "bad_request");
        return client;
    }

    private static async Task<string[]> TopicsByHttpAsync(TestGateway gateway, RawClient client)
    {
        var answer = await gateway.PostAsync(SeedUris.SubDelete, """{"topics":["none-held"]}""", client.Authorization);
        answer.AssertStatus(200);
        return Frames.TopicsOf(answer.Json);
    }
}
