using System.Diagnostics;

namespace SignalRPub.LoadGen;

/// <summary>
/// <c>soak</c>: for <c>--duration</c> seconds, everything at once against one server — healthy clients checking
/// that nothing is lost (<see cref="SoakHealthy"/>), the publisher (<see cref="SoakPublisher"/>), churn
/// (<see cref="SoakChurn"/>), slow consumers (<see cref="SoakSlowConsumers"/>) and bad input
/// (<see cref="SoakBadInput"/>) — with one sample line every <c>--sample-seconds</c> of the server's memory, GC,
/// threads and descriptors, so that growth shows. Every part stops at the end of the duration; what is in flight
/// gets a few seconds to arrive.
/// </summary>
internal static class SoakScenario
{
    private static readonly TimeSpan s_drain = TimeSpan.FromSeconds(5);

    public static async Task<SoakReport> RunAsync(LoadGenOptions options, CancellationToken cancellationToken)
    {
        var counters = new SoakCounters();
        using var http = new HttpClient { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(30) };
        using var admin = new HttpClient { BaseAddress = options.AdminUrl ?? options.Url, Timeout = TimeSpan.FromSeconds(10) };
        admin.DefaultRequestHeaders.Add("X-API-KEY", options.AdminKey);
        var publisher = new SoakPublisher(http, options, counters);
        var healthy = new SoakHealthy(options, publisher, counters);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var healthyRunning = await healthy.StartAsync(stop.Token);
        Console.WriteLine($"[soak] {healthy.Count} healthy clients subscribed; {options.DurationSeconds:F0} s of churn ({options.ChurnWorkers} workers), " +
            $"{options.SlowConsumers} slow consumers at a time and {options.BadRate} bad inputs/s");
        var clock = Stopwatch.StartNew();
        var serverSlowBefore = (await ServerStats.ReadAsync(options, cancellationToken))?.SlowConsumers ?? 0;
        var bad = new SoakBadInput(options, http, counters, () => counters.Sum("healthy.dropped"));
        Task[] parts =
        [
            publisher.RunAsync(stop.Token),
            new SoakChurn(options, http, counters).RunAsync(stop.Token),
            new SoakSlowConsumers(options, admin, counters).RunAsync(stop.Token),
            bad.RunAsync(stop.Token),
        ];

        var samples = new List<SoakSample>();
        var previous = (Seconds: 0.0, Delivered: 0L, Out: 0L);
        for (var due = 0.0; ; due = Math.Min(due + options.SampleSeconds, options.DurationSeconds))
        {
            var wait = TimeSpan.FromSeconds(due) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            var stats = await ServerStats.ReadAsync(options, cancellationToken);
            var now = (Seconds: clock.Elapsed.TotalSeconds, Delivered: counters.Deliveries, Out: stats?.MessagesOut ?? previous.Out);
            var sample = Sample(options, counters, healthy, stats, now, samples.Count == 0 ? now : previous);
            previous = now;
            samples.Add(sample);
            Console.WriteLine(sample.Line());
            if (due >= options.DurationSeconds)
            {
                break;
            }
        }

        await stop.CancelAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        await Settle(Task.WhenAll(parts), "parts", counters);
        await healthy.StopAsync(s_drain);
        await Settle(healthyRunning, "healthy", counters);
        var serverSlow = ((await ServerStats.ReadAsync(options, cancellationToken))?.SlowConsumers ?? 0) - serverSlowBefore;

        var counts = counters.Snapshot();
        long Sum(string prefix, string suffix = "") => counters.Sum(prefix, suffix);
        return new SoakReport(options.Label, seconds, healthy.Count, publisher.Published, counters.Deliveries, counters.Deliveries / seconds,
            counters["healthy.lost"], counters["healthy.gaps"], counters["healthy.duplicates"], Sum("healthy.dropped"),
            Sum("slow.raw.close-1008") + Sum("slow.raw.dropped") + Sum("slow.json.close-1000") + Sum("slow.json.dropped"),
            Sum("slow.", $"not-closed{SoakCounters.Unexpected}"), serverSlow,
            Sum("churn.connect"), bad.Sent,
            Sum("", SoakCounters.Unexpected), SoakReport.ByQuarter(samples, seconds), counts, samples);
    }

    private static SoakSample Sample(LoadGenOptions options, SoakCounters counters, SoakHealthy healthy, ServerStatsSample? stats,
        (double Seconds, long Delivered, long Out) now, (double Seconds, long Delivered, long Out) previous)
    {
        var span = Math.Max(0.001, now.Seconds - previous.Seconds);
        var pid = options.ServerPid;
        var log = options.ServerLog is { } path && File.Exists(path) ? new FileInfo(path).Length : 0;
        return new SoakSample(
            Math.Round(now.Seconds, 1),
            ServerProcess.RssKilobytes(pid),
            stats?.HeapBytes ?? 0,
            stats?.LiveHeapBytes ?? 0,
            stats?.BufferPoolBytes ?? 0,
            stats?.Gen0 ?? 0,
            stats?.Gen1 ?? 0,
            stats?.Gen2 ?? 0,
            ServerProcess.Threads(pid),
            stats?.ThreadPoolThreads ?? 0,
            ServerProcess.OpenDescriptors(pid),
            stats?.Connections ?? 0,
            stats?.Registered ?? 0,
            stats?.SlowConsumers ?? 0,
            (now.Delivered - previous.Delivered) / span,
            (now.Out - previous.Out) / span,
            counters.Sum("healthy.dropped"),
            healthy.Seen().Gaps,
            counters.Sum("", SoakCounters.Unexpected),
            log);
    }

    /// <summary>Waits (bounded) for a part that was told to stop; a part that fails or hangs is counted, not thrown.</summary>
    private static async Task Settle(Task part, string name, SoakCounters counters)
    {
        try
        {
            await part.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            counters.Add($"soak.{name}.{ex.GetType().Name}{SoakCounters.Unexpected}");
        }
    }
}
