using System.Diagnostics;

namespace SignalRPub.LoadGen;

/// <summary>
/// <c>actions</c> / <c>churn</c>: every connection sends sub_put after sub_put (one in flight each) and the
/// generator counts answered actions per second and their latency. <c>--topics-per-connection</c> sets the
/// size of each sub_put.
/// </summary>
internal static class ActionsScenario
{
    public static async Task<Report> RunAsync(LoadGenOptions options, CancellationToken cancellationToken)
    {
        var rssBefore = ServerProcess.RssKilobytes(options.ServerPids);
        var clients = await Clients.OpenAsync(options, (_, _) => Task.CompletedTask, cancellationToken);
        var rssConnected = ServerProcess.RssKilobytes(options.ServerPids);
        var latency = new LatencyRecorder();
        long actions = 0;
        long failures = 0;
        var measuring = false;
        var stop = Stopwatch.StartNew();
        var total = options.WarmupSeconds + options.DurationSeconds;
        var cpuStart = 0.0;

        var loops = clients.Select((client, index) => Task.Run(async () =>
        {
            var round = 0;
            while (stop.Elapsed.TotalSeconds < total)
            {
                var topics = Enumerable.Range(0, options.TopicsPerConnection)
                    .Select(k => LoadGenOptions.TopicName((index + round + k) % options.Topics)).ToArray();
                var started = Stopwatch.GetTimestamp();
                using var response = await client.RequestAsync(options.SubPutUri, new { topics }, cancellationToken);
                if (Volatile.Read(ref measuring))
                {
                    latency.Record((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                    Interlocked.Increment(ref actions);
                    if (response.RootElement.GetProperty("status").GetInt32() != 200)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }

                round++;
            }
        }, cancellationToken)).ToList();

        await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds), cancellationToken);
        cpuStart = ServerProcess.CpuSeconds(options.ServerPids);
        var measured = Stopwatch.StartNew();
        Volatile.Write(ref measuring, true);
        await Task.WhenAll(loops);
        var seconds = measured.Elapsed.TotalSeconds;
        var cpu = ServerProcess.CpuSeconds(options.ServerPids) - cpuStart;
        var rssEnd = ServerProcess.RssKilobytes(options.ServerPids);
        await Clients.CloseAsync(clients);
        if (failures > 0)
        {
            Console.Error.WriteLine($"{failures} actions were not answered 200");
        }

        return new Report(options.Scenario, options.Client, options.Label, options.Connections, seconds, 0, 0, actions / seconds, actions, actions - failures,
            actions == 0 ? 0 : 100.0 * failures / actions, latency.Summarize(), rssBefore, rssConnected, rssEnd,
            options.Connections == 0 ? 0 : (rssConnected - rssBefore) / (double)options.Connections, cpu);
    }
}
