using System.Globalization;
using System.Text.Json;

namespace SignalRPub.LoadGen;

/// <summary>The outcome of a soak: one JSON line (samples and every count included), then readable lines.</summary>
internal sealed record SoakReport(
    string Label,
    double Seconds,
    int HealthyClients,
    long Published,
    long Delivered,
    double DeliveredPerSecond,
    long Lost,
    long Gaps,
    long Duplicates,
    long HealthyDropped,
    long SlowClosed,
    long SlowNotClosed,
    long ServerSlowConsumers,
    long ChurnCycles,
    long BadSent,
    long Unexpected,
    IReadOnlyDictionary<string, double[]> Quarters,
    IReadOnlyDictionary<string, long> Counts,
    IReadOnlyList<SoakSample> Samples)
{
    public string Scenario => "soak";

    /// <summary>Nothing marked <c>!</c> happened: no loss, no healthy client dropped, every bad input answered as the contract says.</summary>
    public bool ContractHeld => Unexpected == 0 && Lost == 0 && Gaps == 0 && Duplicates == 0;

    /// <summary>
    /// The mean of the samples in each quarter of the run, for RSS (MB), managed heap with and without garbage (MB),
    /// threads (of the process and of the thread pool) and descriptors.
    /// </summary>
    public static Dictionary<string, double[]> ByQuarter(IReadOnlyList<SoakSample> samples, double seconds)
    {
        double[] Means(Func<SoakSample, double> value) => Enumerable.Range(0, 4)
            .Select(q => samples.Where(s => Math.Min(3, (int)(4 * s.Seconds / seconds)) == q).Select(value).DefaultIfEmpty(0).Average())
            .Select(m => Math.Round(m, 1)).ToArray();
        return new Dictionary<string, double[]>
        {
            ["rssMb"] = Means(s => s.RssKb / 1024.0),
            ["heapMb"] = Means(s => s.HeapBytes / 1048576.0),
            ["liveHeapMb"] = Means(s => s.LiveHeapBytes / 1048576.0),
            ["threads"] = Means(s => s.Threads),
            ["poolThreads"] = Means(s => s.ThreadPoolThreads),
            ["fds"] = Means(s => s.OpenDescriptors),
        };
    }

    public void Print()
    {
        Console.WriteLine(JsonSerializer.Serialize(this));
        var quarters = string.Join(" | ", Quarters.Select(q => string.Create(CultureInfo.InvariantCulture,
            $"{q.Key} {string.Join(" / ", q.Value.Select(v => v.ToString("F1", CultureInfo.InvariantCulture)))} ({Change(q.Value[0], q.Value[3])} last vs first)")));
        Console.WriteLine($"[soak{(Label.Length > 0 ? " " + Label : "")}] by quarter (mean of the samples in each): {quarters}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[soak{(Label.Length > 0 ? " " + Label : "")}] {Seconds:F0} s, {HealthyClients} healthy clients: published={Published} delivered={Delivered} ({DeliveredPerSecond:F0}/s) " +
            $"lost={Lost} gaps={Gaps} duplicates={Duplicates} healthy-dropped={HealthyDropped} slow consumers closed={SlowClosed} not-closed={SlowNotClosed} (server counted {ServerSlowConsumers}) " +
            $"churn cycles={ChurnCycles} bad inputs={BadSent} unexpected outcomes={Unexpected}"));
        var broken = Counts.Where(c => c.Key.EndsWith(SoakCounters.Unexpected, StringComparison.Ordinal)).Select(c => $"{c.Key}={c.Value}").ToArray();
        Console.WriteLine(broken.Length == 0
            ? "[soak] contract held: no outcome marked !"
            : $"[soak] contract broken ({broken.Length} kinds): {string.Join(" ", broken)}");
    }

    private static string Change(double first, double last) =>
        first == 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{(last - first) / first * 100:+0.0;-0.0}%");
}
