using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

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

    /// <summary>Per-node figures (several nodes, or <c>--per-node 1</c>); left out of the JSON when null, as the figures below (the window's are there in every run that publishes).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<NodeReport>? Nodes { get; init; }

    /// <summary>Seconds from the start of the measured window until every message published in it had arrived (or the 10 s of draining ran out): the span of the three figures below.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? WindowSpanSeconds { get; init; }

    /// <summary>The servers' CPU time, added up, from the start of the measured window until every message published in it had arrived.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? WindowServerCpuSeconds { get; init; }

    /// <summary>The load generator's own CPU time in the same span: near the span's length, its core (shared with Redis in <c>run.sh cluster</c>) was the limit.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? WindowGeneratorCpuSeconds { get; init; }

    /// <summary>Deliveries counted per second of server CPU in that span: what one core of server buys, whatever the number of nodes.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? DeliveriesPerServerCpuSecond => WindowServerCpuSeconds is > 0 ? Received / WindowServerCpuSeconds : null;

    /// <summary>Latency of the deliveries of messages published on another node than the subscriber's.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LatencySummary? CrossNodeLatency { get; init; }

    /// <summary>What Redis cost, with <c>--redis</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RedisReport? Redis { get; init; }

    /// <summary>The JSON line, then the readable line, then one line per node and one for Redis where there are.</summary>
    public void Print()
    {
        Console.WriteLine(JsonSerializer.Serialize(this));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{Scenario}/{Client}{(Label.Length > 0 ? " " + Label : "")}] conns={Connections} t={Seconds:F1}s published/s={PublishedPerSecond:F0} delivered/s={DeliveredPerSecond:F0} actions/s={ActionsPerSecond:F0} " +
            $"expected={Expected} received={Received} loss={LossPercent:F3}% latency ms p50={Latency.P50:F2} p90={Latency.P90:F2} p99={Latency.P99:F2} max={Latency.Max:F2} " +
            $"rss KB before={RssBeforeKb} connected={RssConnectedKb} end={RssEndKb} KB/conn={KbPerConnection:F1} server-cpu-s={ServerCpuSeconds:F2} " +
            $"gc={GcMode} heap KB/conn={HeapKbPerConnection:F1} gen0/M-deliveries={Gen0PerMillionDeliveries:F1} alloc B/delivery={AllocatedBytesPerDelivery:F1} alloc B/message={AllocatedBytesPerMessage:F0}"));
        foreach (var node in Nodes ?? [])
        {
            var server = node.Pid > 0
                ? string.Create(CultureInfo.InvariantCulture,
                    $"pid={node.Pid} cpu-s={node.ServerCpuSeconds:F2} window-cpu-s={node.WindowCpuSeconds:F2} rss KB connected={node.RssConnectedKb} end={node.RssEndKb} KB/conn={node.KbPerConnection:F1}")
                : "pid not given";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  [node {node.Node} {node.Url}] conns={node.Connections} published/s={node.PublishedPerSecond:F0} delivered/s={node.DeliveredPerSecond:F0} " +
                $"expected={node.Expected} received={node.Received} loss={node.LossPercent:F3}% from-other-nodes expected={node.FromOtherNodesExpected} received={node.FromOtherNodesReceived} " +
                $"server {server} " +
                $"alloc B/delivery={node.AllocatedBytesPerDelivery:F1}"));
        }

        if (Nodes is null && WindowSpanSeconds is { } spanSeconds)
        {
            // The generator's CPU near the span's length: its core, not the server, was the limit.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  [window] span-s={spanSeconds:F2} server-cpu-s={WindowServerCpuSeconds ?? -1:F2} deliveries per server-cpu-s={DeliveriesPerServerCpuSecond ?? -1:F0} generator-cpu-s={WindowGeneratorCpuSeconds ?? -1:F2}"));
        }

        if (Nodes is not null)
        {
            var cross = CrossNodeLatency switch
            {
                null => "",
                { Count: 0 } => " cross-node latency: none arrived",
                { } c => string.Create(CultureInfo.InvariantCulture, $" cross-node latency ms (n={c.Count}) p50={c.P50:F2} p99={c.P99:F2} max={c.Max:F2}"),
            };
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  [nodes] window span-s={WindowSpanSeconds ?? -1:F2} server-cpu-s={WindowServerCpuSeconds ?? -1:F2} deliveries per server-cpu-s={DeliveriesPerServerCpuSecond ?? -1:F0} generator-cpu-s={WindowGeneratorCpuSeconds ?? -1:F2}{cross}"));
        }

        if (Redis is not null)
        {
            Console.WriteLine(Redis.Line());
        }
    }
}
