using System.Buffers.Text;
using System.Diagnostics;

namespace SignalRPub.LoadGen;

/// <summary>
/// <c>fanout</c>, <c>broadcast</c>, <c>latency</c>, <c>idle</c>: N raw connections subscribe to K of T topics;
/// the generator publishes through <c>/api/v1/publish</c> in batches, saturating with a bounded number of
/// requests in flight (<c>--rate 0</c>) or at a target rate, and counts deliveries and their latency
/// (a send timestamp travels in the data). <c>idle</c> publishes nothing and reports memory.
/// With several nodes (<c>--url a,b</c>) the connections are spread over them round robin and so are the publish
/// requests; every subscriber is owed every message of its topics wherever it was published, and each message
/// names the node it was published on, so the report counts per node what came from another node.
/// With <c>--client nats</c> the same scenarios run against nats-server: WebSocket subscribers, and the same messages
/// published over its TCP client port (<see cref="NatsPublisher"/>); there are no nodes and no GC figures.
/// </summary>
internal static class FanoutScenario
{
    public static async Task<Report> RunAsync(LoadGenOptions options, CancellationToken cancellationToken)
    {
        var nodes = options.Urls.Count;
        var pids = options.ServerPids;
        var tagged = options.ReportsNodes;
        var latency = new LatencyRecorder();
        var crossLatency = nodes > 1 ? new LatencyRecorder() : null;
        long received = 0;
        var receivedOn = new long[nodes];
        var fromOtherNodesOn = new long[nodes];
        long windowStart = long.MaxValue;
        long windowEnd = long.MaxValue;
        await using var redis = options.Redis is { } endpoint ? await RedisProbe.ConnectAsync(endpoint, cancellationToken) : null;
        var redisBefore = redis is null ? null : await redis.ReadAsync(cancellationToken);
        var rssBefore = pids.Select(ServerProcess.RssKilobytes).ToArray();
        var heapBefore = await ServerStats.ReadNodesAsync(options, cancellationToken);
        var clients = await Clients.OpenAsync(options, async (i, client) =>
        {
            var node = options.NodeOf(i);
            client.OnPush = push =>
            {
                // Only messages published inside the measured window count, whenever they arrive.
                if (!TryReadTimestamp(push.Span, out var sent) || sent < Volatile.Read(ref windowStart) || sent > Volatile.Read(ref windowEnd))
                {
                    return;
                }

                Interlocked.Increment(ref received);
                var microseconds = (long)Stopwatch.GetElapsedTime(sent).TotalMicroseconds;
                latency.Record(microseconds);
                if (tagged)
                {
                    Interlocked.Increment(ref receivedOn[node]);
                    if (TryReadNode(push.Span, out var origin) && origin != node)
                    {
                        Interlocked.Increment(ref fromOtherNodesOn[node]);
                        crossLatency?.Record(microseconds);
                    }
                }
            };
            if (client is NatsClient nats)
            {
                await nats.SubscribeAsync(options.TopicsOf(i), cancellationToken);
                return;
            }

            using var response = await client.RequestAsync(options.SubAddUri, new { topics = options.TopicsOf(i) }, cancellationToken);
            if (response.RootElement.GetProperty("status").GetInt32() != 200)
            {
                throw new InvalidOperationException($"subscribe failed: {RawClient.Status(response)}");
            }
        }, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var rssConnected = pids.Select(ServerProcess.RssKilobytes).ToArray();
        var heapConnected = await ServerStats.ReadNodesAsync(options, cancellationToken);
        var redisConnected = redis is null ? null : await redis.ReadAsync(cancellationToken);

        // Subscribers of each topic on each node: what a message on that topic owes each node, wherever it was published.
        var subscribers = new int[nodes][];
        for (var n = 0; n < nodes; n++)
        {
            subscribers[n] = new int[options.Topics];
        }

        for (var i = 0; i < options.Connections; i++)
        {
            foreach (var topic in options.TopicsOf(i))
            {
                subscribers[options.NodeOf(i)][int.Parse(topic.AsSpan(3, 6)) - 100000]++;
            }
        }

        var tally = new PublishTally(nodes);
        var seconds = options.DurationSeconds;
        ServerStatsSample?[] gcBefore = [];
        ServerStatsSample?[] gcAfter = [];
        RedisReading? redisStart = null;
        RedisReading? redisEnd = null;
        var cpuStart = pids.Select(ServerProcess.CpuSeconds).ToArray();
        var cpuWindowStart = cpuStart;
        var cpuWindowEnd = cpuStart;
        var generatorCpu = TimeSpan.Zero;
        var span = TimeSpan.Zero;
        if (options.Scenario != "idle")
        {
            BatchPublisher publisher = options.Client == "nats"
                ? await NatsPublisher.ConnectAsync(options, subscribers, cancellationToken)
                : new HttpPublisher(options, subscribers, tagged);
            await using (publisher)
            {
                await publisher.RunAsync(TimeSpan.FromSeconds(options.WarmupSeconds), cancellationToken);
                gcBefore = await ServerStats.ReadNodesAsync(options, cancellationToken);
                redisStart = redis is null ? null : await redis.ReadAsync(cancellationToken);
                cpuWindowStart = pids.Select(ServerProcess.CpuSeconds).ToArray();
                var generatorCpuStart = Environment.CpuUsage.TotalTime;
                Volatile.Write(ref windowStart, Stopwatch.GetTimestamp());
                var measured = Stopwatch.StartNew();
                tally = await publisher.RunAsync(TimeSpan.FromSeconds(options.DurationSeconds), cancellationToken);
                Volatile.Write(ref windowEnd, Stopwatch.GetTimestamp());
                seconds = measured.Elapsed.TotalSeconds;

                // Let what is in flight arrive, bounded in time; the readings after it cover every delivery counted.
                var drain = Stopwatch.StartNew();
                while (Interlocked.Read(ref received) < tally.Expected && drain.Elapsed < TimeSpan.FromSeconds(10))
                {
                    await Task.Delay(50, cancellationToken);
                }

                gcAfter = await ServerStats.ReadNodesAsync(options, cancellationToken);
                cpuWindowEnd = pids.Select(ServerProcess.CpuSeconds).ToArray();
                generatorCpu = Environment.CpuUsage.TotalTime - generatorCpuStart;
                span = measured.Elapsed;
                redisEnd = redis is null ? null : await redis.ReadAsync(cancellationToken);
            }
        }
        else
        {
            await Task.Delay(TimeSpan.FromSeconds(options.DurationSeconds), cancellationToken);
        }

        var cpuEnd = pids.Select(ServerProcess.CpuSeconds).ToArray();
        var rssEnd = pids.Select(ServerProcess.RssKilobytes).ToArray();
        await Clients.CloseAsync(clients);
        var got = Interlocked.Read(ref received);
        var published = tally.Published;
        var expected = tally.Expected;
        var (totalBefore, totalAfter) = (ServerStatsSample.Total(gcBefore), ServerStatsSample.Total(gcAfter));
        var (totalHeapBefore, totalHeapConnected) = (ServerStatsSample.Total(heapBefore), ServerStatsSample.Total(heapConnected));
        (long Gen0, long Allocated)? window = totalBefore is { } before && totalAfter is { } after
            ? (after.Gen0 - before.Gen0, after.AllocatedBytes - before.AllocatedBytes)
            : null;
        return new Report(options.Scenario, options.Client, options.Label, options.Connections, seconds, published / seconds, got / seconds, 0,
            expected, got, expected == 0 ? 0 : 100.0 * (expected - got) / expected, latency.Summarize(),
            rssBefore.Sum(), rssConnected.Sum(), rssEnd.Sum(), options.Connections == 0 ? 0 : (rssConnected.Sum() - rssBefore.Sum()) / (double)options.Connections,
            cpuEnd.Sum() - cpuStart.Sum())
        {
            GcMode = (totalAfter ?? totalHeapConnected)?.Mode ?? "",
            Gen0PerMillionDeliveries = window is { } w && got > 0 ? w.Gen0 * 1_000_000.0 / got : -1,
            AllocatedBytesPerDelivery = window is { } wd && got > 0 ? wd.Allocated / (double)got : -1,
            AllocatedBytesPerMessage = window is { } wm && published > 0 ? wm.Allocated / (double)published : -1,
            HeapKbPerConnection = totalHeapBefore is { } h0 && totalHeapConnected is { } h1 && options.Connections > 0 ? (h1.HeapBytes - h0.HeapBytes) / 1024.0 / options.Connections : -1,
            Nodes = !tagged ? null : [.. Enumerable.Range(0, nodes).Select(n =>
            {
                var connections = Enumerable.Range(0, options.Connections).Count(i => options.NodeOf(i) == n);
                var expectedOn = tally.ExpectedOn(n);
                var gotOn = Interlocked.Read(ref receivedOn[n]);
                var measuredPid = n < pids.Count;
                var allocated = n < gcBefore.Length && n < gcAfter.Length && gcBefore[n] is { } b && gcAfter[n] is { } a ? a.AllocatedBytes - b.AllocatedBytes : -1;
                return new NodeReport(n + 1, options.Urls[n].ToString(), connections, tally.PublishedTo(n) / seconds, gotOn / seconds,
                    expectedOn, gotOn, expectedOn == 0 ? 0 : 100.0 * (expectedOn - gotOn) / expectedOn,
                    tally.FromOtherNodesOn(n), Interlocked.Read(ref fromOtherNodesOn[n]))
                {
                    Pid = measuredPid ? pids[n] : 0,
                    ServerCpuSeconds = measuredPid ? cpuEnd[n] - cpuStart[n] : -1,
                    WindowCpuSeconds = measuredPid && options.Scenario != "idle" ? cpuWindowEnd[n] - cpuWindowStart[n] : -1,
                    RssConnectedKb = measuredPid ? rssConnected[n] : -1,
                    RssEndKb = measuredPid ? rssEnd[n] : -1,
                    KbPerConnection = measuredPid && connections > 0 ? (rssConnected[n] - rssBefore[n]) / (double)connections : -1,
                    AllocatedBytesPerDelivery = allocated >= 0 && gotOn > 0 ? allocated / (double)gotOn : -1,
                };
            })],
            WindowServerCpuSeconds = pids.Count > 0 && options.Scenario != "idle" ? cpuWindowEnd.Sum() - cpuWindowStart.Sum() : null,
            WindowGeneratorCpuSeconds = options.Scenario != "idle" ? generatorCpu.TotalSeconds : null,
            WindowSpanSeconds = options.Scenario != "idle" ? span.TotalSeconds : null,
            CrossNodeLatency = crossLatency?.Summarize(),
            Redis = redisBefore is { } r0 && redisConnected is { } r1 && redisStart is { } r2 && redisEnd is { } r3
                ? RedisReport.Create(options.Redis!, r0, r1, r2, r3, options.Connections, published, got)
                : null,
        };
    }

    /// <summary>Finds <c>"ts":&lt;digits&gt;</c> in a push frame without parsing the whole frame.</summary>
    private static bool TryReadTimestamp(ReadOnlySpan<byte> push, out long timestamp)
    {
        timestamp = 0;
        var at = push.IndexOf("\"ts\":"u8);
        return at >= 0 && Utf8Parser.TryParse(push[(at + 5)..], out timestamp, out _);
    }

    /// <summary>Finds <c>"n":&lt;digits&gt;</c>, the node a message was published on.</summary>
    private static bool TryReadNode(ReadOnlySpan<byte> push, out int node)
    {
        node = 0;
        var at = push.IndexOf("\"n\":"u8);
        return at >= 0 && Utf8Parser.TryParse(push[(at + 4)..], out node, out _);
    }
}
