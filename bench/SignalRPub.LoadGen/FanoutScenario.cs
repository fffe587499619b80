using System.Buffers.Text;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace SignalRPub.LoadGen;

/// <summary>
/// <c>fanout</c>, <c>broadcast</c>, <c>latency</c>, <c>idle</c>: N raw connections subscribe to K of T topics;
/// the generator publishes through <c>/api/v1/publish</c> in batches, saturating with a bounded number of
/// requests in flight (<c>--rate 0</c>) or at a target rate, and counts deliveries and their latency
/// (a send timestamp travels in the data). <c>idle</c> publishes nothing and reports memory.
/// </summary>
internal static class FanoutScenario
{
    public static async Task<Report> RunAsync(LoadGenOptions options, CancellationToken cancellationToken)
    {
        var latency = new LatencyRecorder();
        long received = 0;
        long windowStart = long.MaxValue;
        long windowEnd = long.MaxValue;
        var rssBefore = ServerProcess.RssKilobytes(options.ServerPid);
        var heapBefore = await ServerStats.ReadAsync(options, cancellationToken);
        var clients = await Clients.OpenAsync(options, async (i, client) =>
        {
            client.OnPush = push =>
            {
                // Only messages published inside the measured window count, whenever they arrive.
                if (!TryReadTimestamp(push.Span, out var sent) || sent < Volatile.Read(ref windowStart) || sent > Volatile.Read(ref windowEnd))
                {
                    return;
                }

                Interlocked.Increment(ref received);
                latency.Record((long)Stopwatch.GetElapsedTime(sent).TotalMicroseconds);
            };
            using var response = await client.RequestAsync(options.SubAddUri, new { topics = options.TopicsOf(i) }, cancellationToken);
            if (response.RootElement.GetProperty("status").GetInt32() != 200)
            {
                throw new InvalidOperationException($"subscribe failed: {RawClient.Status(response)}");
            }
        }, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var rssConnected = ServerProcess.RssKilobytes(options.ServerPid);
        var heapConnected = await ServerStats.ReadAsync(options, cancellationToken);

        var subscribersPerTopic = new int[options.Topics];
        for (var i = 0; i < options.Connections; i++)
        {
            foreach (var topic in options.TopicsOf(i))
            {
                subscribersPerTopic[int.Parse(topic.AsSpan(3, 6)) - 100000]++;
            }
        }

        long published = 0;
        long expected = 0;
        var seconds = options.DurationSeconds;
        ServerStatsSample? gcBefore = null;
        ServerStatsSample? gcAfter = null;
        var cpuStart = ServerProcess.CpuSeconds(options.ServerPid);
        if (options.Scenario != "idle")
        {
            using var http = new HttpClient { BaseAddress = options.Url };
            var publisher = new Publisher(http, options, subscribersPerTopic);
            await publisher.RunAsync(TimeSpan.FromSeconds(options.WarmupSeconds), measure: false, cancellationToken);
            gcBefore = await ServerStats.ReadAsync(options, cancellationToken);
            Volatile.Write(ref windowStart, Stopwatch.GetTimestamp());
            var measured = Stopwatch.StartNew();
            (published, expected) = await publisher.RunAsync(TimeSpan.FromSeconds(options.DurationSeconds), measure: true, cancellationToken);
            Volatile.Write(ref windowEnd, Stopwatch.GetTimestamp());
            seconds = measured.Elapsed.TotalSeconds;

            // Let what is in flight arrive, bounded in time; the GC reading after it covers every delivery counted.
            var drain = Stopwatch.StartNew();
            while (Interlocked.Read(ref received) < expected && drain.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(50, cancellationToken);
            }

            gcAfter = await ServerStats.ReadAsync(options, cancellationToken);
        }
        else
        {
            await Task.Delay(TimeSpan.FromSeconds(options.DurationSeconds), cancellationToken);
        }

        var cpu = ServerProcess.CpuSeconds(options.ServerPid) - cpuStart;
        var rssEnd = ServerProcess.RssKilobytes(options.ServerPid);
        await Clients.CloseAsync(clients);
        var got = Interlocked.Read(ref received);
        (long Gen0, long Allocated)? window = gcBefore is { } before && gcAfter is { } after
            ? (after.Gen0 - before.Gen0, after.AllocatedBytes - before.AllocatedBytes)
            : null;
        return new Report(options.Scenario, options.Client, options.Label, options.Connections, seconds, published / seconds, got / seconds, 0,
            expected, got, expected == 0 ? 0 : 100.0 * (expected - got) / expected, latency.Summarize(),
            rssBefore, rssConnected, rssEnd, options.Connections == 0 ? 0 : (rssConnected - rssBefore) / (double)options.Connections, cpu)
        {
            GcMode = (gcAfter ?? heapConnected)?.Mode ?? "",
            Gen0PerMillionDeliveries = window is { } w && got > 0 ? w.Gen0 * 1_000_000.0 / got : -1,
            AllocatedBytesPerDelivery = window is { } wd && got > 0 ? wd.Allocated / (double)got : -1,
            AllocatedBytesPerMessage = window is { } wm && published > 0 ? wm.Allocated / (double)published : -1,
            HeapKbPerConnection = heapBefore is { } h0 && heapConnected is { } h1 && options.Connections > 0 ? (h1.HeapBytes - h0.HeapBytes) / 1024.0 / options.Connections : -1,
        };
    }

    /// <summary>Finds <c>"ts":&lt;digits&gt;</c> in a push frame without parsing the whole frame.</summary>
    private static bool TryReadTimestamp(ReadOnlySpan<byte> push, out long timestamp)
    {
        timestamp = 0;
        var at = push.IndexOf("\"ts\":"u8);
        return at >= 0 && Utf8Parser.TryParse(push[(at + 5)..], out timestamp, out _);
    }

    private sealed class Publisher(HttpClient http, LoadGenOptions options, int[] subscribersPerTopic)
    {
        private int _nextTopic;
        private long _sequence;

        public async Task<(long Published, long Expected)> RunAsync(TimeSpan duration, bool measure, CancellationToken cancellationToken)
        {
            long published = 0;
            long expected = 0;
            var clock = Stopwatch.StartNew();
            var padding = new string('x', Math.Max(0, options.PayloadBytes - 40));
            async Task Worker()
            {
                while (clock.Elapsed < duration)
                {
                    if (options.Rate > 0)
                    {
                        // Paced: the batch is due when the rate says so.
                        var due = TimeSpan.FromSeconds(Interlocked.Read(ref published) / (double)options.Rate);
                        if (due > clock.Elapsed)
                        {
                            await Task.Delay(due - clock.Elapsed, cancellationToken);
                        }
                    }

                    var (body, messages, subscribers) = Batch(padding);
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/publish") { Content = content };
                    request.Headers.Add("X-API-KEY", options.PublishKey);
                    using var response = await http.SendAsync(request, cancellationToken);
                    response.EnsureSuccessStatusCode();
                    Interlocked.Add(ref published, messages);
                    Interlocked.Add(ref expected, subscribers);
                }
            }

            var workers = options.Rate > 0 ? 1 : options.InFlight;
            await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(Worker, cancellationToken)));
            return measure ? (published, expected) : (0, 0);
        }

        private (byte[] Body, int Messages, long Subscribers) Batch(string padding)
        {
            var builder = new StringBuilder("{\"messages\":[");
            long subscribers = 0;
            var count = options.Rate > 0 ? Math.Max(1, Math.Min(options.Batch, options.Rate / 50)) : options.Batch;
            for (var m = 0; m < count; m++)
            {
                var topic = Interlocked.Increment(ref _nextTopic) % options.Topics;
                subscribers += subscribersPerTopic[topic];
                builder.Append(m == 0 ? "" : ",")
                    .Append("{\"topic\":\"").Append(LoadGenOptions.TopicName(topic))
                    .Append("\",\"data\":{\"ts\":").Append(Stopwatch.GetTimestamp())
                    .Append(",\"seq\":").Append(Interlocked.Increment(ref _sequence))
                    .Append(",\"pad\":\"").Append(padding).Append("\"}}");
            }

            return (Encoding.UTF8.GetBytes(builder.Append("]}").ToString()), count, subscribers);
        }
    }
}
