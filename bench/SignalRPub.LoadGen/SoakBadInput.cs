using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace SignalRPub.LoadGen;

/// <summary>
/// The soak's bad input: at <c>--bad-rate</c> a second, the next input of <see cref="Table"/> in turn (malformed
/// frames, lone surrogate escapes, frames the server must close the socket for, bad publishes, bad HTTP actions),
/// each counted under its outcome (<c>bad.&lt;name&gt;.&lt;outcome&gt;</c>, marked <c>!</c> when the contract does
/// not allow it). Healthy clients dropped while an input was the last one sent are counted against that input
/// (<c>bad.&lt;name&gt;.healthy-dropped!</c>).
/// </summary>
internal sealed class SoakBadInput(LoadGenOptions options, HttpClient http, SoakCounters counters, Func<long> healthyDrops)
{
    private const string Part = "bad";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    private ISoakClient? _frames;
    private string _token = "";
    private ISoakClient? _hub;

    /// <summary>Bad inputs sent so far.</summary>
    public long Sent { get; private set; }

    public async Task RunAsync(CancellationToken stop)
    {
        if (options.BadRate <= 0)
        {
            return;
        }

        var table = Table(options);
        var interval = TimeSpan.FromSeconds(1 / options.BadRate);
        var clock = Stopwatch.StartNew();
        try
        {
            for (long sent = 0; !stop.IsCancellationRequested; sent++)
            {
                var input = table[(int)(sent % table.Length)];
                var dropsBefore = healthyDrops();
                var outcome = await SendAsync(input, stop);
                Sent++;
                var expected = input.Expected.Contains(outcome);
                counters.Add($"{Part}.{input.Name}.{outcome}{(expected ? "" : SoakCounters.Unexpected)}");

                var due = interval * (sent + 1) - clock.Elapsed;
                await Task.Delay(due > TimeSpan.Zero ? due : TimeSpan.Zero, stop);
                if (healthyDrops() - dropsBefore is > 0 and var dropped)
                {
                    counters.Add($"{Part}.{input.Name}.healthy-dropped{SoakCounters.Unexpected}", dropped);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var client in new[] { _frames, _hub }.OfType<ISoakClient>())
            {
                await SoakClients.EndAsync(client);
            }
        }
    }

    /// <summary>Sends one bad input; its outcome: <c>400:invalid_json</c>, <c>close-1009</c>, <c>dropped</c>, <c>timeout</c>, …</summary>
    private async Task<string> SendAsync(BadInput input, CancellationToken stop)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(s_timeout);
        try
        {
            return input.Kind switch
            {
                BadInputKind.Frame => await FrameAsync(await RegisteredAsync(json: false, timeout.Token), input, timeout.Token),
                BadInputKind.HubFrame => await FrameAsync(await RegisteredAsync(json: true, timeout.Token), input, timeout.Token),
                BadInputKind.UnregisteredFrame => await FreshSocketAsync(input, timeout.Token),
                BadInputKind.ClosingFrame => await FreshSocketAsync(input, timeout.Token),
                _ => await HttpAsync(input, timeout.Token),
            };
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            return "timeout";
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or TimeoutException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return ex.GetType().Name;
        }
    }

    /// <summary>Frames that must be answered: the answer's status and error code, and whether the socket survived.</summary>
    private async Task<string> FrameAsync(ISoakClient client, BadInput input, CancellationToken cancellationToken)
    {
        string outcome;
        try
        {
            using var response = await client.RequestFrameAsync(input.Body, cancellationToken);
            outcome = Outcome(SoakClients.Status(response), response.RootElement.GetProperty("body"));
        }
        catch (Microsoft.AspNetCore.SignalR.HubException)
        {
            // The hub method failed instead of answering with a response frame.
            outcome = "hub-error";
        }

        // A bad frame never closes the socket (PROTOCOL.md §8); give a close that is under way a moment to show.
        return await SoakClients.WaitClosedAsync(client, TimeSpan.FromMilliseconds(50)) ? $"{outcome}+{SoakClients.Ending(client)}" : outcome;
    }

    /// <summary>A fresh raw socket for one frame: answered (unregistered) or closed by the server.</summary>
    private async Task<string> FreshSocketAsync(BadInput input, CancellationToken cancellationToken)
    {
        var client = new RawClient(options.WebSocketUri);
        try
        {
            await client.ConnectAsync(cancellationToken);
            if (input.Kind == BadInputKind.UnregisteredFrame)
            {
                return await FrameAsync(client, input, cancellationToken);
            }

            await client.SendAsync(input.Body, input.MessageType, cancellationToken);
            return await SoakClients.WaitClosedAsync(client, TimeSpan.FromSeconds(5)) ? SoakClients.Ending(client) : "still-open";
        }
        finally
        {
            await SoakClients.EndAsync(client);
        }
    }

    private async Task<string> HttpAsync(BadInput input, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod(input.Method), input.Uri);
        if (input.Method == "POST")
        {
            request.Content = new ByteArrayContent(input.Body);
            request.Content.Headers.ContentType = new("application/json");
        }

        switch (input.Kind)
        {
            case BadInputKind.Publish:
                request.Headers.Add("X-API-KEY", options.PublishKey);
                break;
            case BadInputKind.PublishWrongKey:
                request.Headers.Add("X-API-KEY", options.PublishKey + "-not");
                break;
            case BadInputKind.Action:
                await RegisteredAsync(json: false, cancellationToken);
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + _token);
                break;
            case BadInputKind.ActionBadToken:
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer soak-" + Guid.NewGuid().ToString("N"));
                break;
            case BadInputKind.ActionUnknownConnection:
                request.Headers.Add("X-API-KEY", options.PublishKey);
                request.Headers.Add("connId", "soak-" + Guid.NewGuid().ToString("N"));
                break;
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        try
        {
            using var answer = JsonDocument.Parse(body);
            return Outcome(status, answer.RootElement);
        }
        catch (JsonException)
        {
            // An empty or non-JSON answer: the status alone.
            return Outcome(status, null);
        }
    }

    /// <summary>The vandal's own registered connection (raw or hub), made again when the server closed it.</summary>
    private async Task<ISoakClient> RegisteredAsync(bool json, CancellationToken cancellationToken)
    {
        var current = json ? _hub : _frames;
        if (current is not null && !current.Closed.IsCompleted)
        {
            return current;
        }

        if (current is not null)
        {
            counters.Add($"{Part}.vandal-reconnect.{(json ? "json" : "raw")}");
            await SoakClients.EndAsync(current);
        }

        var client = SoakClients.Create(options, json);
        if (json)
        {
            _hub = client;
        }
        else
        {
            _frames = client;
        }

        await client.ConnectAsync(cancellationToken);
        var registration = await SoakClients.RegisterAsync(client, options, counters, Part, cancellationToken)
            ?? throw new InvalidOperationException("the vandal could not register");
        if (!json)
        {
            _token = registration.Token;
        }

        return client;
    }

    /// <summary><c>status:code</c> when the body is an error, else the status alone.</summary>
    private static string Outcome(int status, JsonElement? body) =>
        body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object &&
        error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
            ? $"{status}:{code.GetString()}"
            : $"{status}";

    /// <summary>Every bad input, with what PROTOCOL.md allows as its outcome. Publishes go to a healthy topic.</summary>
    internal static BadInput[] Table(LoadGenOptions o)
    {
        const string InvalidJson = "400:invalid_json";
        const string BadRequest = "400:bad_request";
        const string InvalidTopic = "400:invalid_topic";
        const string TooLarge = "413:payload_too_large";
        const string Unauthorized = "401:unauthorized";
        var topic = LoadGenOptions.TopicName(0);
        var sub = o.SubAddUri;
        static byte[] T(string text) => Encoding.UTF8.GetBytes(text);
        static byte[] B(params byte[][] parts) => [.. parts.SelectMany(p => p)];
        string Frame(string topics, string header = "{\"msgId\":\"9\"}") => $"{{\"uri\":\"{sub}\",\"header\":{header},\"body\":{{\"topics\":{topics}}}}}";
        var deep = new string('[', 200) + new string(']', 200);
        var manyTopics = "[" + string.Join(",", Enumerable.Range(0, 1001).Select(i => $"\"t{i}\"")) + "]";
        var longTopic = "[\"" + new string('x', 300) + "\"]";
        var pad = new string('x', 70_000);
        var publishPad = new string('x', 1_100_000);

        return
        [
            new("frame-not-json", BadInputKind.Frame, T("hello"), InvalidJson),
            new("frame-array", BadInputKind.Frame, T("[1,2,3]"), BadRequest),
            new("frame-uri-number", BadInputKind.Frame, T("{\"uri\":5}"), BadRequest),
            new("frame-no-uri", BadInputKind.Frame, T("{\"header\":{\"msgId\":\"9\"}}"), BadRequest),
            new("frame-unknown-route", BadInputKind.Frame, T("{\"uri\":\"/soak/nowhere\"}"), "404:not_found"),
            new("frame-topics-not-array", BadInputKind.Frame, T(Frame("\"hq\"")), BadRequest),
            new("frame-topic-whitespace", BadInputKind.Frame, T(Frame("[\"a b\"]")), InvalidTopic),
            new("frame-topic-reserved", BadInputKind.Frame, T(Frame("[\"$all\"]")), InvalidTopic),
            new("frame-topic-too-long", BadInputKind.Frame, T(Frame(longTopic)), InvalidTopic),
            new("frame-too-many-topics", BadInputKind.Frame, T(Frame(manyTopics)), "400:too_many_topics"),
            new("frame-deep", BadInputKind.Frame, T(Frame(deep)), InvalidJson, BadRequest),
            new("frame-surrogate-uri", BadInputKind.Frame, T("{\"uri\":\"/60150/\\udc00\",\"header\":{\"msgId\":\"9\"}}"), InvalidJson),
            new("frame-surrogate-topic", BadInputKind.Frame, T(Frame("[\"hq_\\udc00\"]")), InvalidJson),
            new("frame-surrogate-header-name", BadInputKind.Frame, T(Frame($"[\"{topic}\"]", "{\"msgId\":\"9\",\"x\\udc00\":\"1\"}")), InvalidJson),
            new("frame-surrogate-header-value", BadInputKind.Frame, T(Frame($"[\"{topic}\"]", "{\"msgId\":\"9\",\"x\":\"\\udc00\"}")), InvalidJson),
            new("unregistered-sub_add", BadInputKind.UnregisteredFrame, T(Frame($"[\"{topic}\"]")), "401:not_registered"),
            new("unregistered-surrogate-uri", BadInputKind.UnregisteredFrame, T("{\"uri\":\"/\\udc00\"}"), InvalidJson),
            new("binary-frame", BadInputKind.ClosingFrame, T(Frame($"[\"{topic}\"]")), "close-1003") { MessageType = WebSocketMessageType.Binary },
            new("oversized-frame", BadInputKind.ClosingFrame, T($"{{\"uri\":\"{sub}\",\"body\":{{\"pad\":\"{pad}\"}}}}"), "close-1009"),
            new("invalid-utf8-frame", BadInputKind.ClosingFrame, B(T($"{{\"uri\":\"{sub}\",\"body\":{{\"topics\":[\"hq_"), [0xFF, 0xFE], T("\"]}}")), "close-1007"),
            new("hub-surrogate-uri", BadInputKind.HubFrame, T("{\"uri\":\"/60150/\\udc00\",\"header\":{\"msgId\":\"9\"}}"), InvalidJson),
            new("hub-surrogate-topic", BadInputKind.HubFrame, T(Frame("[\"hq_\\udc00\"]")), InvalidJson),
            new("publish-not-json", BadInputKind.Publish, T("{\"topic\":"), InvalidJson),
            new("publish-invalid-utf8", BadInputKind.Publish, B(T($"{{\"topic\":\"{topic}\",\"data\":{{\"x\":\"a"), [0xFF, 0xFE], T("b\"}}")), InvalidJson),
            new("publish-overlong-utf8", BadInputKind.Publish, B(T($"{{\"topic\":\"{topic}\",\"data\":{{\"x\":\"a"), [0xC0, 0xAF], T("b\"}}")), InvalidJson),
            new("publish-surrogate-data", BadInputKind.Publish, T($"{{\"topic\":\"{topic}\",\"data\":{{\"x\":\"\\udc00\"}}}}"), InvalidJson),
            new("publish-surrogate-topic", BadInputKind.Publish, T("{\"topic\":\"hq_\\udc00\",\"data\":1}"), InvalidJson),
            new("publish-bad-shape", BadInputKind.Publish, T("{\"messages\":5}"), BadRequest),
            new("publish-bad-topic", BadInputKind.Publish, T("{\"topic\":\"a b\",\"data\":1}"), InvalidTopic),
            new("publish-too-large", BadInputKind.Publish, T($"{{\"topic\":\"{topic}\",\"data\":\"{publishPad}\"}}"), TooLarge),
            new("publish-wrong-key", BadInputKind.PublishWrongKey, T($"{{\"topic\":\"{topic}\",\"data\":1}}"), Unauthorized),
            new("publish-no-key", BadInputKind.PublishNoKey, T($"{{\"topic\":\"{topic}\",\"data\":1}}"), Unauthorized),
            new("action-not-json", BadInputKind.Action, T("{\"topics\":"), InvalidJson) { Uri = sub },
            new("action-invalid-utf8", BadInputKind.Action, B(T("{\"topics\":[\"hq_"), [0xFF, 0xFE], T("\"]}")), InvalidJson) { Uri = sub },
            new("action-surrogate-topic", BadInputKind.Action, T("{\"topics\":[\"hq_\\udc00\"]}"), InvalidJson) { Uri = sub },
            new("action-oversized", BadInputKind.Action, T($"{{\"topics\":[],\"pad\":\"{pad}\"}}"), TooLarge) { Uri = sub },
            new("action-register", BadInputKind.Action, T("{}"), "426:upgrade_required") { Uri = o.RegisterUri },
            new("action-get", BadInputKind.Action, [], "405:method_not_allowed") { Uri = sub, Method = "GET" },
            new("action-bad-token", BadInputKind.ActionBadToken, T($"{{\"topics\":[\"{topic}\"]}}"), Unauthorized) { Uri = sub },
            new("action-no-auth", BadInputKind.ActionNoAuth, T($"{{\"topics\":[\"{topic}\"]}}"), Unauthorized) { Uri = sub },
            new("action-unknown-connection", BadInputKind.ActionUnknownConnection, T($"{{\"topics\":[\"{topic}\"]}}"), "404:not_found") { Uri = sub },
        ];
    }
}
