using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SignalRPub.Diagnostics;

/// <summary>
/// The <c>SignalRPub</c> meter and the instruments recorded where things happen (actions, upstream attempts,
/// rate-limit refusals). What is counted on the delivery path is observed instead (<see cref="ObservedInstruments"/>):
/// nothing here runs per delivery.
/// </summary>
internal sealed class GatewayMetrics
{
    /// <summary>Upstream answers take milliseconds to seconds; the default buckets are made for milliseconds.</summary>
    private static readonly double[] s_durationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30];

    private readonly Counter<long> _actions;
    private readonly Histogram<double> _upstreamDuration;
    private readonly Counter<long> _rateLimitRefusals;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(new MeterOptions(SignalRPubTelemetry.MeterName)
        {
            Version = typeof(GatewayMetrics).Assembly.GetName().Version?.ToString(),
        });
        _actions = Meter.CreateCounter<long>(
            MetricNames.Actions,
            unit: "{action}",
            description: "Actions answered (frames, hub Request calls and HTTP actions), by action, answer status and transport.");
        _upstreamDuration = Meter.CreateHistogram(
            MetricNames.UpstreamDuration,
            unit: "s",
            description: "Duration of one upstream attempt on one node, by route, node and outcome.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_durationBuckets });
        _rateLimitRefusals = Meter.CreateCounter<long>(
            MetricNames.RateLimitRefusals,
            unit: "{refusal}",
            description: "Frames, actions, connections and requests refused by a rate limit, by limit.");
    }

    /// <summary>The meter every gateway instrument belongs to; disposed with the container's meter factory.</summary>
    public Meter Meter { get; }

    public void ActionAnswered(string action, int status, string transport)
    {
        if (_actions.Enabled)
        {
            _actions.Add(1, new TagList
            {
                { MetricTags.Action, action },
                { MetricTags.Status, status },
                { MetricTags.Transport, transport },
            });
        }
    }

    public void UpstreamAttempted(string routeId, string node, string outcome, TimeSpan elapsed)
    {
        if (_upstreamDuration.Enabled)
        {
            _upstreamDuration.Record(elapsed.TotalSeconds, new TagList
            {
                { MetricTags.Route, routeId },
                { MetricTags.Node, node },
                { MetricTags.Outcome, outcome },
            });
        }
    }

    public void RateLimited(string limit)
    {
        if (_rateLimitRefusals.Enabled)
        {
            _rateLimitRefusals.Add(1, new KeyValuePair<string, object?>(MetricTags.Limit, limit));
        }
    }
}
