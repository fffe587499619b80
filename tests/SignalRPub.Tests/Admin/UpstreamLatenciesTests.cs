using Microsoft.Extensions.Time.Testing;
using SignalRPub.Admin;
using SignalRPub.Diagnostics;
using SignalRPub.Tests.TestSupport;

namespace SignalRPub.Tests.Admin;

public sealed class UpstreamLatenciesTests : IDisposable
{
    private readonly TestMeterFactory _meters = new();
    private readonly FakeTimeProvider _time = new();
    private readonly GatewayMetrics _metrics;
    private readonly UpstreamLatencies _latencies;

    public UpstreamLatenciesTests()
    {
        _metrics = new GatewayMetrics(_meters);
        _latencies = new UpstreamLatencies(_metrics, _time);
    }

    [Fact]
    public void Of_HundredAttempts_NearestRankPercentilesAndMax()
    {
        // Recorded in a shuffled order: the percentiles must not depend on it.
        foreach (var ms in Enumerable.Range(1, 100).OrderBy(i => (i * 37) % 101))
        {
            _metrics.UpstreamAttempted("12", "10.0.0.1:80", MetricTags.OutcomeSuccess, TimeSpan.FromMilliseconds(ms));
        }

        var summary = _latencies.Of("12", "10.0.0.1:80");

        Assert.Equal(new LatencySummary(100, 0, 0.050, 0.090, 0.099, 0.100), Rounded(summary));
    }

    [Fact]
    public void Of_AttemptsNotSucceeding_CountedAsErrors()
    {
        _metrics.UpstreamAttempted("12", "n:1", MetricTags.OutcomeSuccess, TimeSpan.FromMilliseconds(5));
        _metrics.UpstreamAttempted("12", "n:1", MetricTags.OutcomeUnavailable, TimeSpan.FromMilliseconds(1));
        _metrics.UpstreamAttempted("12", "n:1", MetricTags.OutcomeTimeout, TimeSpan.FromMilliseconds(900));

        var summary = _latencies.Of("12", "n:1");

        Assert.Equal(3, summary.Calls);
        Assert.Equal(2, summary.Errors);
    }

    [Fact]
    public void Of_AttemptsOlderThanTheWindow_LeftOut()
    {
        _metrics.UpstreamAttempted("12", "n:1", MetricTags.OutcomeSuccess, TimeSpan.FromMilliseconds(500));
        _time.Advance(UpstreamLatencies.Window - TimeSpan.FromSeconds(1));
        _metrics.UpstreamAttempted("12", "n:1", MetricTags.OutcomeSuccess, TimeSpan.FromMilliseconds(10));
        var both = _latencies.Of("12", "n:1");

        _time.Advance(TimeSpan.FromSeconds(2));
        var recent = _latencies.Of("12", "n:1");
        _time.Advance(UpstreamLatencies.Window);
        var none = _latencies.Of("12", "n:1");

        Assert.Equal(2, both.Calls);
        Assert.Equal(new LatencySummary(1, 0, 0.010, 0.010, 0.010, 0.010), Rounded(recent));
        Assert.Equal(default, none);
    }

    [Fact]
    public void Of_RoutesAndNodes_KeptApart()
    {
        _metrics.UpstreamAttempted("12", "a:1", MetricTags.OutcomeSuccess, TimeSpan.FromMilliseconds(1));
        _metrics.UpstreamAttempted("12", "b:1", MetricTags.OutcomeSuccess, TimeSpan.FromMilliseconds(2));
        _metrics.UpstreamAttempted("13", "a:1", MetricTags.OutcomeSuccess, TimeSpan.FromMilliseconds(3));

        Assert.Equal(0.001, _latencies.Of("12", "a:1").Max, 6);
        Assert.Equal(0.002, _latencies.Of("12", "b:1").Max, 6);
        Assert.Equal(0.003, _latencies.Of("13", "a:1").Max, 6);
        Assert.Equal(0, _latencies.Of("14", "a:1").Calls);
    }

    [Fact]
    public void Of_AnotherGatewaysMeterOfTheSameName_NotCounted()
    {
        using var otherMeters = new TestMeterFactory();
        var other = new GatewayMetrics(otherMeters);

        other.UpstreamAttempted("12", "n:1", MetricTags.OutcomeSuccess, TimeSpan.FromMilliseconds(5));

        Assert.Equal(0, _latencies.Of("12", "n:1").Calls);
    }

    public void Dispose()
    {
        _latencies.Dispose();
        _meters.Dispose();
    }

    private static LatencySummary Rounded(LatencySummary s) =>
        s with { P50 = Math.Round(s.P50, 6), P90 = Math.Round(s.P90, 6), P99 = Math.Round(s.P99, 6), Max = Math.Round(s.Max, 6) };
}
