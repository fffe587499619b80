using System.Text.Json.Nodes;
using SignalRPub.Diagnostics;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Diagnostics;

/// <summary>Issue 12: <c>signalrpub.actions</c> and <c>signalrpub.rate_limit.refusals</c> under real frames and requests.</summary>
public sealed class ActionMetricsTests
{
    [Fact]
    public async Task Actions_RawRegisterAndSubAdd_CountedByActionStatusAndTransport()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var instruments = new Instruments(gateway);
        var actions = instruments.Collect<long>(MetricNames.Actions);

        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a");
        await client.SubscribeAsync("b");

        Assert.Equal(1, Instruments.Sum(actions, (MetricTags.Action, "register"), (MetricTags.Status, 200), (MetricTags.Transport, MetricTags.Raw)));
        Assert.Equal(2, Instruments.Sum(actions, (MetricTags.Action, "sub_add"), (MetricTags.Status, 200), (MetricTags.Transport, MetricTags.Raw)));
        Assert.Equal(3, Instruments.Sum(actions));
    }

    [Fact]
    public async Task Actions_HubSubAddBeforeRegister_CountedAs401OnHub()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var instruments = new Instruments(gateway);
        var actions = instruments.Collect<long>(MetricNames.Actions);
        await using var hub = await gateway.ConnectHubAsync(HubProtocolKind.MessagePack);

        await hub.RequestAsync(SeedUris.SubAdd, HubClient.Topics("a"));

        Assert.Equal(1, Instruments.Sum(actions, (MetricTags.Action, "sub_add"), (MetricTags.Status, 401), (MetricTags.Transport, MetricTags.Hub)));
    }

    [Fact]
    public async Task Actions_HttpSubPut_CountedAsHttp()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var instruments = new Instruments(gateway);
        var actions = instruments.Collect<long>(MetricNames.Actions);
        await using var client = await gateway.ConnectRegisteredAsync();

        (await gateway.PostAsync(SeedUris.SubPut, """{"topics":["a"]}""", client.Authorization)).AssertStatus(200);

        Assert.Equal(1, Instruments.Sum(actions, (MetricTags.Action, "sub_put"), (MetricTags.Status, 200), (MetricTags.Transport, MetricTags.Http)));
    }

    [Theory]
    [InlineData("""{"uri":"/no/such/route","msgId":1}""", 404)]
    [InlineData("""{"uri":1}""", 400)]
    [InlineData("""{"uri":""", 400)]
    public async Task Actions_FrameWithNoKnownAction_CountedAsUnknown(string frame, int status)
    {
        await using var gateway = await TestGateway.StartAsync();
        using var instruments = new Instruments(gateway);
        var actions = instruments.Collect<long>(MetricNames.Actions);
        await using var client = await gateway.ConnectAsync();

        await client.SendTextAsync(frame);
        Frames.AssertStatus(await client.NextResponseAsync(), status);

        Assert.Equal(1, Instruments.Sum(actions, (MetricTags.Action, MetricTags.UnknownAction), (MetricTags.Status, status), (MetricTags.Transport, MetricTags.Raw)));
        Assert.Equal(1, Instruments.Sum(actions));
    }

    [Fact]
    public async Task RateLimitRefusals_PublishPastMessagesPerSecond_CountsEveryRefusedRequest()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Settings["RateLimits"] = new JsonObject { ["PublishMessagesPerSecond"] = 1 });
        using var instruments = new Instruments(gateway);
        var refusals = instruments.Collect<long>(MetricNames.RateLimitRefusals);

        var refused = 0;
        for (var i = 0; i < 5; i++)
        {
            refused += (await gateway.PublishJsonAsync($$"""{"topic":"a","data":{{i}}}""")).StatusCode == 429 ? 1 : 0;
        }

        Assert.True(refused > 0, "five publishes within a second at one a second: some are refused");
        Assert.Equal(refused, Instruments.Sum(refusals, (MetricTags.Limit, MetricTags.LimitPublish)));
        Assert.Equal(refused, Instruments.Sum(refusals));
    }

    [Fact]
    public async Task RateLimitRefusals_FramesPastTheirRate_CountsEveryRefusedFrame()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Settings["RateLimits"] = new JsonObject { ["FramesPerSecond"] = 1, ["FrameBurst"] = 2 });
        using var instruments = new Instruments(gateway);
        var refusals = instruments.Collect<long>(MetricNames.RateLimitRefusals);
        await using var client = await gateway.ConnectAsync();

        var refused = 0;
        for (var i = 0; i < 4; i++)
        {
            refused += (await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("a"))).GetProperty("status").GetInt32() == 429 ? 1 : 0;
        }

        Assert.True(refused > 0, "four frames at once with a burst of two: some are refused");
        Assert.Equal(refused, Instruments.Sum(refusals, (MetricTags.Limit, MetricTags.LimitFrames)));
    }

    [Fact]
    public async Task RateLimitRefusals_UpgradesPastTheirRate_CountsTheRefusedUpgrade()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Settings["RateLimits"] = new JsonObject { ["UpgradesPerSecondPerAddress"] = 1, ["UpgradeBurstPerAddress"] = 1 });
        using var instruments = new Instruments(gateway);
        var refusals = instruments.Collect<long>(MetricNames.RateLimitRefusals);
        var statuses = new List<System.Net.HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add(await Upgrade.StatusAsync(gateway.WsUri()));
        }

        var refused = statuses.Count(s => s == System.Net.HttpStatusCode.TooManyRequests);
        Assert.True(refused > 0, $"three upgrades at once with a burst of one: some are refused ({string.Join(", ", statuses)})");
        Assert.Equal(refused, Instruments.Sum(refusals, (MetricTags.Limit, MetricTags.LimitUpgrades)));
    }
}
