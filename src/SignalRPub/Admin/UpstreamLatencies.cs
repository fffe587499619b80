using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using SignalRPub.Diagnostics;

namespace SignalRPub.Admin;

/// <summary>
/// Upstream latency per route and node over the last <see cref="Window"/>, for the operations API and the dashboard:
/// a <see cref="MeterListener"/> on this gateway's own <c>signalrpub.upstream.duration</c> histogram (not on another
/// gateway's meter of the same name in the process), so it reads exactly what the meter exports.
/// </summary>
internal sealed class UpstreamLatencies : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<(string Route, string Node), LatencySamples> _samples = new();
    private readonly TimeProvider _time;
    private readonly MeterListener _listener;
    private long _lastForget;

    public UpstreamLatencies(GatewayMetrics metrics, TimeProvider time)
    {
        _time = time;
        var meter = metrics.Meter;
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == MetricNames.UpstreamDuration)
                {
                    listener.EnableMeasurementEvents(instrument, this);
                }
            },
        };
        _listener.SetMeasurementEventCallback<double>(static (_, seconds, tags, state) => ((UpstreamLatencies)state!).Record(seconds, tags));
        _listener.Start();
    }

    /// <summary>The attempts on <paramref name="node"/> (<c>host:port</c>) of route <paramref name="routeId"/> within the window.</summary>
    public LatencySummary Of(string routeId, string node) =>
        _samples.TryGetValue((routeId, node), out var samples) ? samples.Summarise(WindowStart()) : default;

    public void Dispose() => _listener.Dispose();

    private void Record(double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? route = null, node = null, outcome = null;
        foreach (var (name, value) in tags)
        {
            switch (name)
            {
                case MetricTags.Route: route = value as string; break;
                case MetricTags.Node: node = value as string; break;
                case MetricTags.Outcome: outcome = value as string; break;
            }
        }

        if (route is null || node is null)
        {
            return;
        }

        var now = _time.GetTimestamp();
        _samples.GetOrAdd((route, node), static _ => new LatencySamples()).Add(now, seconds, outcome != MetricTags.OutcomeSuccess);
        Forget(now);
    }

    // Routes and nodes come and go with the route table: one with no attempt for two windows is let go (looked for
    // once a window).
    private void Forget(long now)
    {
        var last = Volatile.Read(ref _lastForget);
        if (now - last < (long)(Window.TotalSeconds * _time.TimestampFrequency) || Interlocked.CompareExchange(ref _lastForget, now, last) != last)
        {
            return;
        }

        var before = now - (long)(2 * Window.TotalSeconds * _time.TimestampFrequency);
        foreach (var (key, samples) in _samples)
        {
            if (samples.LastAt < before)
            {
                _samples.TryRemove(key, out _);
            }
        }
    }

    private long WindowStart() => _time.GetTimestamp() - (long)(Window.TotalSeconds * _time.TimestampFrequency);
}
