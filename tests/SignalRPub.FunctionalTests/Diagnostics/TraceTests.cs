using System.Collections.Concurrent;
using System.Diagnostics;
using SignalRPub.Diagnostics;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Diagnostics;

/// <summary>Issue 12: the <c>SignalRPub</c> activity source; the trace reaches the upstream as W3C <c>traceparent</c>.</summary>
public sealed class TraceTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public TraceTests()
    {
        _listener = new ActivityListener
        {
            // ASP.NET Core's too, so that a request continues the trace its traceparent names.
            ShouldListenTo = static source => source.Name is SignalRPubTelemetry.ActivitySourceName or "Microsoft.AspNetCore",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task FrameAction_WithUpstream_UpstreamSeesTraceparentOfTheActionSpan()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(subAdd: UpstreamRoutes.RoundRobin(upstream.Node())));
        await using var client = await gateway.ConnectRegisteredAsync();

        await client.SubscribeAsync("a");

        var traceparent = Assert.Single(upstream.Calls).Header("traceparent");
        Assert.NotNull(traceparent);
        var parts = traceparent.Split('-');
        Assert.Equal(4, parts.Length);
        var span = Assert.Single(Spans(GatewayActivities.ActionSpan, client.ConnectionId), a => (string?)a.GetTagItem(GatewayActivities.ActionTag) == "sub_add");
        Assert.Equal(span.TraceId.ToHexString(), parts[1]);
        Assert.Equal("12", span.GetTagItem(GatewayActivities.RouteTag));
        Assert.Equal(200, span.GetTagItem(GatewayActivities.StatusTag));
        Assert.Equal(MetricTags.Raw, span.GetTagItem(GatewayActivities.TransportTag));
    }

    [Fact]
    public async Task HttpAction_UpstreamFails_SpanEndsWithErrorStatus()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(subPut: UpstreamRoutes.RoundRobin(upstream.Node())));
        await using var client = await gateway.ConnectRegisteredAsync();
        upstream.AnswerWith(503, "{}");

        (await gateway.PostAsync(SeedUris.SubPut, """{"topics":["a"]}""", client.Authorization)).AssertStatus(503);

        var span = Assert.Single(Spans(GatewayActivities.ActionSpan, client.ConnectionId), a => (string?)a.GetTagItem(GatewayActivities.ActionTag) == "sub_put");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(MetricTags.Http, span.GetTagItem(GatewayActivities.TransportTag));
        Assert.Equal(upstream.Calls[0].Header("traceparent")?.Split('-')[1], span.TraceId.ToHexString());
    }

    [Fact]
    public async Task Publish_ToSubscribers_IsOneSpanWithoutSpansPerDelivery()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var a = await gateway.ConnectRegisteredAsync();
        await using var b = await gateway.ConnectRegisteredAsync();
        await a.SubscribeAsync("traced-topic");
        await b.SubscribeAsync("traced-topic");
        using var parent = new Activity("test-publish").Start();

        (await gateway.PublishJsonAsync("""{"topics":["traced-topic","other"],"data":1}""")).AssertStatus(202);
        await a.NextPushAsync();
        await b.NextPushAsync();

        // The test's HttpClient carries the test's trace to the gateway, where the publish span continues it.
        var spans = _stopped.Where(s => s.TraceId == parent.TraceId && s.Source.Name == SignalRPubTelemetry.ActivitySourceName).ToList();
        var publish = Assert.Single(spans);
        Assert.Equal(GatewayActivities.PublishSpan, publish.OperationName);
        Assert.Equal(2, publish.GetTagItem(GatewayActivities.MessagesTag));
    }

    public void Dispose() => _listener.Dispose();

    private List<Activity> Spans(string name, string connectionId) =>
        [.. _stopped.Where(a => a.OperationName == name && (string?)a.GetTagItem(GatewayActivities.ConnectionTag) == connectionId)];
}
