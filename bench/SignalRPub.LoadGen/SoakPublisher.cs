using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace SignalRPub.LoadGen;

/// <summary>
/// The soak's publisher: one publish request at a time, every 50 ms, so each topic's messages arrive in the order
/// they were numbered. A request holds the healthy topics' share of <c>--rate</c> (round robin), the busy topics'
/// <c>--busy-rate</c> each with <c>--busy-payload-bytes</c> of data, one <c>$all</c> a second and twenty
/// <c>$conn:&lt;id&gt;</c> a second to healthy clients. A number is used up only when its request was answered
/// 202; a refused request is sent again with the same numbers.
/// </summary>
internal sealed class SoakPublisher(HttpClient http, LoadGenOptions options, SoakCounters counters)
{
    public const string AllTopic = "$all";
    private const int ConnPerSecond = 20;
    private static readonly TimeSpan s_tick = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentDictionary<string, long> _committed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _started = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, string> _targets = new();
    private readonly int _rate = options.Rate > 0 ? options.Rate : 200;

    /// <summary>Messages answered 202.</summary>
    public long Published { get; private set; }

    /// <summary>The highest number of <paramref name="topic"/> in a request already sent: later ones are sent after now.</summary>
    public long StartedUpTo(string topic) => _started.GetValueOrDefault(topic);

    /// <summary>The highest number of <paramref name="topic"/> that was answered 202.</summary>
    public long CommittedUpTo(string topic) => _committed.GetValueOrDefault(topic);

    /// <summary>Healthy client <paramref name="slot"/> takes <c>$conn:</c> messages from now on (null: no more).</summary>
    public void SetTarget(int slot, string? connectionId)
    {
        if (connectionId is null)
        {
            _targets.TryRemove(slot, out _);
        }
        else
        {
            _targets[slot] = connectionId;
        }
    }

    public async Task RunAsync(CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        long healthy = 0, busy = 0, all = 0, conn = 0;
        var next = 0;
        var healthyPad = new string('x', Math.Max(0, options.PayloadBytes - 16));
        var busyPad = new string('x', Math.Max(0, options.BusyPayloadBytes - 16));
        using var timer = new PeriodicTimer(s_tick);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var seconds = clock.Elapsed.TotalSeconds;
                var messages = new List<(string Topic, string Pad)>();

                // What is due by the clock, at most a second's worth, so a slow answer does not turn into a burst.
                var healthyDue = (int)Math.Min(_rate, (long)(_rate * seconds) - healthy);
                for (var m = 0; m < healthyDue; m++)
                {
                    messages.Add((LoadGenOptions.TopicName(next++ % options.Topics), healthyPad));
                }

                var busyDue = options.BusyTopics == 0 ? 0 : (int)Math.Min(options.BusyRate, (long)(options.BusyRate * seconds) - busy);
                for (var m = 0; m < busyDue; m++)
                {
                    for (var b = 0; b < options.BusyTopics; b++)
                    {
                        messages.Add((LoadGenOptions.BusyTopicName(b), busyPad));
                    }
                }

                var allDue = (long)seconds + 1 - all;
                if (allDue > 0)
                {
                    messages.Add((AllTopic, healthyPad));
                }

                var targets = _targets.Values.ToArray();
                var connDue = targets.Length == 0 ? 0 : (int)Math.Min(ConnPerSecond, (long)(ConnPerSecond * seconds) - conn);
                for (var m = 0; m < connDue; m++)
                {
                    messages.Add(("$conn:" + targets[Random.Shared.Next(targets.Length)], healthyPad));
                }

                if (messages.Count == 0)
                {
                    continue;
                }

                if (await PublishAsync(messages, stop))
                {
                    healthy += healthyDue;
                    busy += busyDue;
                    all += allDue > 0 ? 1 : 0;
                    conn += connDue;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> PublishAsync(List<(string Topic, string Pad)> messages, CancellationToken stop)
    {
        var numbers = new Dictionary<string, long>(StringComparer.Ordinal);
        var body = new StringBuilder("{\"messages\":[");
        foreach (var (topic, pad) in messages)
        {
            var seq = numbers[topic] = numbers.TryGetValue(topic, out var n) ? n + 1 : CommittedUpTo(topic) + 1;
            body.Append(body[^1] == '[' ? "" : ",")
                .Append("{\"topic\":\"").Append(topic).Append("\",\"data\":{\"s\":").Append(seq)
                .Append(",\"pad\":\"").Append(pad).Append("\"}}");
        }

        foreach (var (topic, seq) in numbers)
        {
            _started.AddOrUpdate(topic, seq, (_, v) => Math.Max(v, seq));
        }

        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.Append("]}").ToString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/publish") { Content = content };
        request.Headers.Add("X-API-KEY", options.PublishKey);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            using var response = await http.SendAsync(request, timeout.Token);
            var status = (int)response.StatusCode;
            if (status != 202)
            {
                counters.Add($"publish.{status}{SoakCounters.Unexpected}");
                return false;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !stop.IsCancellationRequested))
        {
            counters.Add($"publish.{ex.GetType().Name}{SoakCounters.Unexpected}");
            return false;
        }

        foreach (var (topic, seq) in numbers)
        {
            _committed[topic] = seq;
        }

        Published += messages.Count;
        counters.Add("publish.202");
        return true;
    }
}
