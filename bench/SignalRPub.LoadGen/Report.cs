using System.Globalization;
using System.Text.Json;

namespace SignalRPub.LoadGen;

/// <summary>The outcome of a run: printed as one JSON line and one readable line.</summary>
internal sealed record Report(
    string Scenario,
    string Client,
    string Label,
    int Connections,
    double Seconds,
    double PublishedPerSecond,
    double DeliveredPerSecond,
    double ActionsPerSecond,
    long Expected,
    long Received,
    double LossPercent,
    LatencySummary Latency,
    long RssBeforeKb,
    long RssConnectedKb,
    long RssEndKb,
    double KbPerConnection,
    double ServerCpuSeconds)
{
    /// <summary>The server's GC mode, when its operations API was reachable.</summary>
    public string GcMode { get; init; } = "";

    /// <summary>Server gen0 collections per million deliveries in the measured window; −1 when not measured.</summary>
    public double Gen0PerMillionDeliveries { get; init; } = -1;

    /// <summary>Bytes the server allocated in the measured window per delivery (all of them, per-message work included); −1 when not measured.</summary>
    public double AllocatedBytesPerDelivery { get; init; } = -1;

    /// <summary>The same bytes per published message; −1 when not measured.</summary>
    public double AllocatedBytesPerMessage { get; init; } = -1;

    /// <summary>Growth of the server's managed heap (garbage included) per connection while connecting; −1 when not measured.</summary>
    public double HeapKbPerConnection { get; init; } = -1;

    public void Print()
    {
        Console.WriteLine(JsonSerializer.Serialize(this));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{Scenario}/{Client}{(Label.Length > 0 ? " " + Label : "")}] conns={Connections} t={Seconds:F1}s published/s={PublishedPerSecond:F0} delivered/s={DeliveredPerSecond:F0} actions/s={ActionsPerSecond:F0} " +
            $"expected={Expected} received={Received} loss={LossPercent:F3}% latency ms p50={Latency.P50:F2} p90={Latency.P90:F2} p99={Latency.P99:F2} max={Latency.Max:F2} " +
            $"rss KB before={RssBeforeKb} connected={RssConnectedKb} end={RssEndKb} KB/conn={KbPerConnection:F1} server-cpu-s={ServerCpuSeconds:F2} " +
            $"gc={GcMode} heap KB/conn={HeapKbPerConnection:F1} gen0/M-deliveries={Gen0PerMillionDeliveries:F1} alloc B/delivery={AllocatedBytesPerDelivery:F1} alloc B/message={AllocatedBytesPerMessage:F0}"));
    }
}
