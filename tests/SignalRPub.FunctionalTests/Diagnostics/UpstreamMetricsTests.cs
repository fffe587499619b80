using System.Text.Json.Nodes;
using SignalRPub.Diagnostics;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Diagnostics;

/// <summary>Issue 12: <c>signalrpub.upstream.duration</c> and <c>signalrpub.upstream.node.health</c> against real upstreams.</summary>
public sealed class UpstreamMetricsTests
{
    [Fact]
    public async Task UpstreamDuration_NodeAnswers200_RecordsOneSuccessForRouteAndNode()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(subAdd: UpstreamRoutes.RoundRobin(upstream.Node())));
        using var instruments = new Instruments(gateway);
        var duration = instruments.Collect<double>(MetricNames.UpstreamDuration);
        await using var client = await gateway.ConnectRegisteredAsync();

        await client.SubscribeAsync("a");

        var attempt = Assert.Single(Instruments.Recorded(duration));
        Assert.Equal("12", attempt.Tags[MetricTags.Route]);
        Assert.Equal(upstream.Authority, attempt.Tags[MetricTags.Node]);
        Assert.Equal(MetricTags.OutcomeSuccess, attempt.Tags[MetricTags.Outcome]);
        Assert.InRange(attempt.Value, 0, TestTimeouts.Default.TotalSeconds);
    }

    [Fact]
    public async Task UpstreamDuration_ClosedNodeThenLiveNode_RecordsUnavailableThenSuccess()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var closed = FakeUpstream.ClosedNode();
        var upstreamConfig = UpstreamRoutes.RoundRobin(closed, upstream.Node());
        upstreamConfig["retries"] = 1;
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(register: upstreamConfig));
        using var instruments = new Instruments(gateway);
        var duration = instruments.Collect<double>(MetricNames.UpstreamDuration);

        // Round robin starts anywhere: two registrations reach the closed node once at least.
        await using var first = await gateway.ConnectRegisteredAsync();
        await using var second = await gateway.ConnectRegisteredAsync();

        var closedNode = $"127.0.0.1:{closed["port"]}";
        Assert.NotEmpty(Instruments.Recorded(duration, (MetricTags.Node, closedNode), (MetricTags.Outcome, MetricTags.OutcomeUnavailable)));
        Assert.Equal(2, Instruments.Recorded(duration, (MetricTags.Node, upstream.Authority), (MetricTags.Outcome, MetricTags.OutcomeSuccess)).Count);
        Assert.Empty(Instruments.Recorded(duration, (MetricTags.Node, closedNode), (MetricTags.Outcome, MetricTags.OutcomeSuccess)));
    }

    [Fact]
    public async Task UpstreamDuration_NodeAnswers403_RecordsRejected()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(subAdd: UpstreamRoutes.RoundRobin(upstream.Node())));
        using var instruments = new Instruments(gateway);
        var duration = instruments.Collect<double>(MetricNames.UpstreamDuration);
        var actions = instruments.Collect<long>(MetricNames.Actions);
        await using var client = await gateway.ConnectRegisteredAsync();
        upstream.AnswerWith(403, """{"reason":"no"}""");

        Frames.AssertStatus(await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("a")), 403);

        var attempt = Assert.Single(Instruments.Recorded(duration));
        Assert.Equal(MetricTags.OutcomeRejected, attempt.Tags[MetricTags.Outcome]);
        Assert.Equal(1, Instruments.Sum(actions, (MetricTags.Action, "sub_add"), (MetricTags.Status, 403)));
    }

    [Fact]
    public async Task UpstreamDuration_NodeTooSlow_RecordsTimeout()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.NeverAnswer();
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(register: UpstreamRoutes.RoundRobin(upstream.Node()).WithTimeout(0.2)));
        using var instruments = new Instruments(gateway);
        var duration = instruments.Collect<double>(MetricNames.UpstreamDuration);
        await using var client = await gateway.ConnectAsync();

        Frames.AssertStatus(await client.RequestAsync(SeedUris.Register), 504);

        var attempt = Assert.Single(Instruments.Recorded(duration));
        Assert.Equal(MetricTags.OutcomeTimeout, attempt.Tags[MetricTags.Outcome]);
        Assert.True(attempt.Value >= 0.5, $"connect + send + read of 0.2 s each bound the attempt: {attempt.Value}");
    }

    [Fact]
    public async Task UpstreamNodeHealth_NodeFailsPastThreshold_ReportsZeroForItAndOneForTheOther()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var closed = FakeUpstream.ClosedNode();
        var upstreamConfig = UpstreamRoutes.RoundRobin(closed, upstream.Node());
        upstreamConfig["retries"] = 1;
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            o.Routes = UpstreamRoutes.Seed(register: upstreamConfig);
            o.Settings["Upstreams"] = new JsonObject { ["UnhealthyAfterFailures"] = 1, ["UnhealthySeconds"] = 600 };
        });
        using var instruments = new Instruments(gateway);
        var health = instruments.Collect<int>(MetricNames.UpstreamNodeHealth);
        var closedNode = $"127.0.0.1:{closed["port"]}";
        Assert.Equal(1, Instruments.Observe(health, (MetricTags.Route, "11"), (MetricTags.Node, closedNode)));

        await using var first = await gateway.ConnectRegisteredAsync();
        await using var second = await gateway.ConnectRegisteredAsync();

        Assert.Equal(0, Instruments.Observe(health, (MetricTags.Route, "11"), (MetricTags.Node, closedNode)));
        Assert.Equal(1, Instruments.Observe(health, (MetricTags.Route, "11"), (MetricTags.Node, upstream.Authority)));
    }

    [Fact]
    public async Task BackplaneAvailable_SingleNode_ReportsOneWithoutBackplane()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var instruments = new Instruments(gateway);

        var available = instruments.Collect<int>(MetricNames.BackplaneAvailable);

        Assert.Equal(1, Instruments.Observe(available, (MetricTags.Backplane, MetricTags.BackplaneNone)));
    }
}
