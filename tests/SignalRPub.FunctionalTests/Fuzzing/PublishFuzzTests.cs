using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignalRPub.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace SignalRPub.FunctionalTests.Fuzzing;

/// <summary>
/// Issue 9, fuzzing the publish API: mutated bodies of the three shapes of PROTOCOL.md §6 (normal and reserved
/// topics, data of every JSON kind, text that is not UTF-8 or holds lone surrogate escapes) POSTed byte for byte. A
/// body is accepted exactly when it is a valid publish, with <c>202 {"accepted":n}</c> and n one per message and topic,
/// and each subscriber (raw, JSON hub, MessagePack hub) then receives exactly the messages for its topics, data equal
/// as JSON; anything else is a §8 error (never a 500) and nobody receives anything; no error is logged; and every
/// subscriber and a witness stay connected throughout.
/// </summary>
public sealed class PublishFuzzTests(ITestOutputHelper output)
{
    /// <summary>Every subscriber holds it; no fuzzed publish names it. A push to it ends what an input delivered.</summary>
    private const string MarkerTopic = "fz-marker";

    private static readonly string[] s_complexData =
    [
        """{"last":12.34,"tags":["a"],"nested":{"deep":[1,[2,[3,{"x":null}]]]}}""",
        new string('[', 30) + "1" + new string(']', 30),
        """{"":"","\u0000":"\u0000","é":"😀","\"":"\\"}""",
        """[1e400,-1e400,1e-400,123456789012345678901234567890,-0,0.1]""",
        """{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{"i":{"j":"k"}}}}}}}}}}""",
    ];

    [Fact]
    public async Task Publish_MutatedBodies_AcceptedExactlyWhenValidAndDeliveredExactlyToTheirTopics()
    {
        var settings = FuzzSettings.FromEnvironment(defaultIterations: 250, output);
        var logs = new CapturedLogs();
        await using var gateway = await TestGateway.StartAsync(o => o.ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs));
        var witness = await FuzzWitness.ConnectAsync(gateway);
        var subscribers = new List<Subscriber>();
        try
        {
            subscribers.Add(await Subscriber.RawAsync(gateway, "p1", "p2"));
            subscribers.Add(await Subscriber.HubAsync(gateway, HubProtocolKind.Json, "p2", "p3"));
            subscribers.Add(await Subscriber.HubAsync(gateway, HubProtocolKind.MessagePack, "p1", "p3"));
            var topics = Gen.Frequency(
                (6, Gen.OneOf("p1", "p2", "p3", "nobody", "$all", "$user:x", "$conn:unknown", $"$conn:{witness.ConnectionId}")),
                (3, Gen.OneOf([.. subscribers.Select(s => $"$conn:{s.ConnectionId}")])),
                (2, FuzzFrames.Topic));
            var data = Gen.Frequency((5, FuzzValues.Value), (1, Gen.OneOf(s_complexData).Select(json => JsonNode.Parse(json))));
            var bodies = Seed(topics, data).SelectMany(seed => FuzzDocument.From(seed));

            var statuses = new SortedDictionary<int, int>();
            var delivered = 0;
            var done = 0;
            await settings.RunAsync(bodies, async body =>
            {
                var (status, messages) = await CheckAsync(gateway, subscribers, body, done++);
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                delivered += messages;
                FuzzAssert.NoErrorLogged(logs);
            }, body => body.ToString(), witness);
            output.WriteLine($"Answers: {string.Join(", ", statuses.Select(s => $"{s.Key} x{s.Value}"))}; {delivered} messages accepted.");
        }
        finally
        {
            foreach (var subscriber in subscribers)
            {
                await subscriber.DisposeAsync();
            }

            await witness.DisposeAsync();
        }
    }

    /// <summary>Publishes <paramref name="body"/>, asserts the answer and what each subscriber received; returns the status and the messages accepted.</summary>
    private static async Task<(int Status, int Messages)> CheckAsync(TestGateway gateway, List<Subscriber> subscribers, FuzzDocument body, int number)
    {
        var bytes = body.ToUtf8();
        var expected = Expected(bytes);

        var answer = await gateway.PostBytesAsync("/api/v1/publish", bytes, ("X-API-KEY", gateway.PublishKey));

        if (answer.StatusCode == 202)
        {
            Assert.True(expected is not null, $"Accepted a body that is no valid publish: {answer.Text}");
            JsonAssert.Equal($$"""{"accepted":{{expected.Count}}}""", answer.Json);
        }
        else
        {
            Assert.True(answer.StatusCode is >= 400 and < 500, $"HTTP {answer.StatusCode}: '{answer.Text}'");
            FuzzAssert.ErrorBody(answer.Json, answer.StatusCode);
            Assert.True(expected is null, $"Refused a valid publish of {expected?.Count} messages: {answer.Text}");
        }

        // What an input delivered ends with the marker: each subscriber must have had exactly its share before it.
        var marker = new JsonObject { ["marker"] = number };
        await gateway.PublishAsync(MarkerTopic, marker);
        foreach (var subscriber in subscribers)
        {
            await subscriber.AssertReceivedAsync(expected ?? [], marker);
        }

        return (answer.StatusCode, expected?.Count ?? 0);
    }

    /// <summary>
    /// The messages <paramref name="body"/> publishes when it is a valid publish (PROTOCOL.md §6, §8): valid JSON text
    /// no deeper than 62 levels;
    /// an object with <c>messages</c> (a non-empty array of such objects) or itself one; each with <c>data</c> and a string
    /// <c>topic</c> or else a non-empty <c>topics</c> array of strings; every topic well formed, and a reserved one only
    /// as <c>$all</c>, <c>$conn:&lt;id&gt;</c> or <c>$user:&lt;id&gt;</c>. Null when it is not.
    /// </summary>
    private static List<(string Topic, JsonElement Data)>? Expected(byte[] body)
    {
        // At most 62 levels: a push wraps data in three more, and a SignalR JSON client reads 64 (FuzzFindingTests).
        if (FuzzJson.ParseValid(body, maxDepth: 62) is not { ValueKind: JsonValueKind.Object } root)
        {
            return null;
        }

        var messages = new List<(string, JsonElement)>();
        if (root.TryGetProperty("messages", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            {
                return null;
            }

            foreach (var message in list.EnumerateArray())
            {
                if (message.ValueKind != JsonValueKind.Object || !AddOne(message, messages))
                {
                    return null;
                }
            }

            return messages;
        }

        return AddOne(root, messages) ? messages : null;

        static bool AddOne(JsonElement message, List<(string, JsonElement)> messages)
        {
            if (!message.TryGetProperty("data", out var data))
            {
                return false;
            }

            string[] topics;
            if (message.TryGetProperty("topic", out var topic))
            {
                if (topic.ValueKind != JsonValueKind.String)
                {
                    return false;
                }

                topics = [topic.GetString()!];
            }
            else if (message.TryGetProperty("topics", out var array) && array.ValueKind == JsonValueKind.Array && array.GetArrayLength() > 0
                && array.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String))
            {
                topics = [.. array.EnumerateArray().Select(t => t.GetString()!)];
            }
            else
            {
                return false;
            }

            if (!topics.All(IsPublishable))
            {
                return false;
            }

            messages.AddRange(topics.Select(t => (t, data)));
            return true;
        }
    }

    private static bool IsPublishable(string topic) =>
        topic.Length is >= 1 and <= 256
        && !topic.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
        && (!topic.StartsWith('$') || topic == "$all"
            || (topic.StartsWith("$conn:", StringComparison.Ordinal) && topic.Length > "$conn:".Length)
            || (topic.StartsWith("$user:", StringComparison.Ordinal) && topic.Length > "$user:".Length));

    /// <summary>Seed bodies of the three shapes (PROTOCOL.md §6).</summary>
    private static Gen<JsonNode> Seed(Gen<string> topics, Gen<JsonNode?> data)
    {
        var one = Gen.Select(topics, data, (topic, value) => (JsonNode)new JsonObject { ["topic"] = topic, ["data"] = value?.DeepClone() });
        var many = Gen.Select(topics.Array[1, 3], data, (list, value) => (JsonNode)new JsonObject
        {
            ["topics"] = new JsonArray([.. list.Select(t => (JsonNode?)JsonValue.Create(t))]),
            ["data"] = value?.DeepClone(),
        });
        var batch = Gen.Frequency((1, one), (1, many)).Array[1, 3].Select(items => (JsonNode)new JsonObject { ["messages"] = new JsonArray(items) });
        return Gen.Frequency((3, one), (2, many), (2, batch));
    }

    /// <summary>A registered connection subscribed to some topics and <see cref="MarkerTopic"/>, receiving pushes as <c>{"topic","data"}</c>.</summary>
    private sealed class Subscriber(string name, string connectionId, string[] topics, Func<Task<JsonElement>> nextPush, bool asMessagePack, IAsyncDisposable connection)
        : IAsyncDisposable
    {
        public string ConnectionId { get; } = connectionId;

        public static async Task<Subscriber> RawAsync(TestGateway gateway, params string[] topics)
        {
            var client = await gateway.ConnectRegisteredAsync();
            await client.SubscribeAsync([.. topics, MarkerTopic]);
            return new Subscriber("raw", client.ConnectionId, topics, () => client.NextPushAsync(), asMessagePack: false, client);
        }

        public static async Task<Subscriber> HubAsync(TestGateway gateway, HubProtocolKind protocol, params string[] topics)
        {
            var client = await gateway.ConnectHubAsync(protocol);
            await client.RegisterAsync();
            Frames.AssertStatus(await client.RequestAsync(SeedUris.SubAdd, HubClient.Topics([.. topics, MarkerTopic])), 200);

            // MessagePack carries numbers as integers and doubles, and objects as maps (see FuzzJson.Equivalent).
            return new Subscriber($"{protocol} hub", client.ConnectionId, topics, () => client.NextPushAsync(), protocol == HubProtocolKind.MessagePack, client);
        }

        /// <summary>Reads pushes up to <paramref name="marker"/> and asserts they are exactly the messages of <paramref name="published"/> for this subscriber, in order.</summary>
        public async Task AssertReceivedAsync(List<(string Topic, JsonElement Data)> published, JsonObject marker)
        {
            // A number beyond a double reaches a MessagePack client as an infinity, which the test client's JSON view of
            // a push cannot hold (it drops that push): only the marker shows that such a message left the connection whole.
            var expected = published
                .Where(m => topics.Contains(m.Topic) || m.Topic == "$all" || m.Topic == $"$conn:{ConnectionId}")
                .Where(m => !asMessagePack || !FuzzJson.HasNumberBeyondDouble(m.Data))
                .ToList();
            var received = new List<JsonElement>();
            while (true)
            {
                var push = await nextPush();
                if (JsonAssert.Property(push, "topic").GetString() == MarkerTopic)
                {
                    JsonAssert.Equal(marker.ToJsonString(), JsonAssert.Property(push, "data"));
                    break;
                }

                received.Add(push);
            }

            var matches = received.Count == expected.Count && received.Zip(expected).All(pair =>
                JsonAssert.Property(pair.First, "topic").GetString() == pair.Second.Topic
                && FuzzJson.Equivalent(pair.Second.Data, JsonAssert.Property(pair.First, "data"), asMessagePack));
            Assert.True(matches, $"The {name} subscriber expected [{string.Join(", ", expected.Select(m => $"{m.Topic}: {m.Data.GetRawText()}"))}] " +
                $"but received [{string.Join(", ", received.Select(p => $"{p.GetProperty("topic").GetString()}: {p.GetProperty("data").GetRawText()}"))}].");
        }

        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
