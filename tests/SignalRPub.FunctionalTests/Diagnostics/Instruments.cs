using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using SignalRPub.Diagnostics;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Diagnostics;

/// <summary>
/// Collectors of one gateway's <c>SignalRPub</c> instruments (its own meter factory, so other tests' gateways never
/// count), and reading of the observed ones.
/// </summary>
internal sealed class Instruments(TestGateway gateway) : IDisposable
{
    private readonly IMeterFactory _factory = gateway.Services.GetRequiredService<IMeterFactory>();
    private readonly List<IDisposable> _collectors = [];

    public MetricCollector<T> Collect<T>(string instrument)
        where T : struct
    {
        var collector = new MetricCollector<T>(_factory, SignalRPubTelemetry.MeterName, instrument);
        _collectors.Add(collector);
        return collector;
    }

    /// <summary>Observes the instrument now and returns its value for the series with <paramref name="tags"/>.</summary>
    public static T Observe<T>(MetricCollector<T> collector, params (string Name, object? Value)[] tags)
        where T : struct
    {
        collector.RecordObservableInstruments();
        return collector.GetMeasurementSnapshot().Last(m => Matches(m, tags)).Value;
    }

    /// <summary>The sum of what was recorded for the series with <paramref name="tags"/> (any others as well).</summary>
    public static long Sum(MetricCollector<long> collector, params (string Name, object? Value)[] tags) =>
        collector.GetMeasurementSnapshot().Where(m => Matches(m, tags)).Sum(m => m.Value);

    public static IReadOnlyList<CollectedMeasurement<T>> Recorded<T>(MetricCollector<T> collector, params (string Name, object? Value)[] tags)
        where T : struct =>
        [.. collector.GetMeasurementSnapshot().Where(m => Matches(m, tags))];

    public void Dispose()
    {
        foreach (var collector in _collectors)
        {
            collector.Dispose();
        }
    }

    private static bool Matches<T>(CollectedMeasurement<T> measurement, (string Name, object? Value)[] tags)
        where T : struct =>
        tags.All(t => measurement.Tags.TryGetValue(t.Name, out var value) && Equals(value, t.Value));
}
