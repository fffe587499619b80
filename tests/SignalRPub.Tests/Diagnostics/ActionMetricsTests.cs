using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using SignalRPub.Diagnostics;
using SignalRPub.Tests.TestSupport;

namespace SignalRPub.Tests.Diagnostics;

/// <summary>The pipeline counts every answer in <c>signalrpub.actions</c>, by action, status and transport.</summary>
public sealed class ActionMetricsTests : IDisposable
{
    private readonly PipelineHarness _harness = new();
    private readonly MetricCollector<long> _actions;
    private readonly MetricCollector<long> _refusals;

    public ActionMetricsTests()
    {
        _actions = new MetricCollector<long>(_harness.MeterFactory, SignalRPubTelemetry.MeterName, MetricNames.Actions);
        _refusals = new MetricCollector<long>(_harness.MeterFactory, SignalRPubTelemetry.MeterName, MetricNames.RateLimitRefusals);
    }

    [Fact]
    public async Task Execute_UpstreamAgrees_CountsActionWith200()
    {
        await _harness.ExecuteAsync(PipelineHarness.Topics(PipelineHarness.SubAddUri, "a"), PipelineHarness.Registered());

        var measurement = Assert.Single(_actions.GetMeasurementSnapshot());
        Assert.Equal(1, measurement.Value);
        Assert.Equal("sub_add", measurement.Tags[MetricTags.Action]);
        Assert.Equal(200, measurement.Tags[MetricTags.Status]);
        Assert.Equal(MetricTags.Raw, measurement.Tags[MetricTags.Transport]);
    }

    [Fact]
    public async Task Execute_UpstreamRefuses_CountsTheUpstreamStatus()
    {
        _harness.Answer(403, """{"no":true}""");

        await _harness.ExecuteAsync(PipelineHarness.Topics(PipelineHarness.SubAddUri, "a"), PipelineHarness.Registered());

        Assert.Equal(403, Assert.Single(_actions.GetMeasurementSnapshot()).Tags[MetricTags.Status]);
    }

    [Theory]
    [InlineData("""{"uri":"/nowhere"}""", 404)]
    [InlineData("""not json""", 400)]
    [InlineData("""{"body":{}}""", 400)]
    public async Task ExecuteFrame_NoKnownAction_CountsUnknown(string frame, int status)
    {
        var answer = await _harness.ExecuteFrameAsync(frame, PipelineHarness.Registered());

        var measurement = Assert.Single(_actions.GetMeasurementSnapshot());
        Assert.Equal(status, answer.Status);
        Assert.Equal(MetricTags.UnknownAction, measurement.Tags[MetricTags.Action]);
        Assert.Equal(status, measurement.Tags[MetricTags.Status]);
    }

    [Fact]
    public async Task Execute_HttpRequest_CountedAsHttp()
    {
        var request = PipelineHarness.Topics(PipelineHarness.SubAddUri, "a") with { IsHttp = true };

        await _harness.ExecuteAsync(request, PipelineHarness.Registered());

        Assert.Equal(MetricTags.Http, Assert.Single(_actions.GetMeasurementSnapshot()).Tags[MetricTags.Transport]);
    }

    [Fact]
    public async Task ExecuteFrame_PastFrameRate_CountsARefusal()
    {
        var connection = PipelineHarness.Registered();
        var limited = new SignalRPub.Connections.ConnectionState(connection.ConnectionId, "1", isRaw: true, null, connection.Closer, 0)
        {
            Frames = new SignalRPub.Connections.FrameRateLimiter(framesPerSecond: 1, burst: 1, TimeProvider.System),
        };
        limited.MarkRegistered(null);

        await _harness.ExecuteFrameAsync($$$"""{"uri":"{{{PipelineHarness.SubAddUri}}}","body":{"topics":["a"]}}""", limited);
        var refused = await _harness.ExecuteFrameAsync($$$"""{"uri":"{{{PipelineHarness.SubAddUri}}}","body":{"topics":["a"]}}""", limited);

        Assert.Equal(429, refused.Status);
        var refusal = Assert.Single(_refusals.GetMeasurementSnapshot());
        Assert.Equal(MetricTags.LimitFrames, refusal.Tags[MetricTags.Limit]);
    }

    public void Dispose()
    {
        _actions.Dispose();
        _refusals.Dispose();
        _harness.MeterFactory.Dispose();
    }
}
