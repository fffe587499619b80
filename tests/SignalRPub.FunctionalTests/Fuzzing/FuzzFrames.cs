using System.Text.Json.Nodes;
using CsCheck;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Fuzzing;

/// <summary>
/// Seeds of fuzzed request frames (PROTOCOL.md §4), shaped as <see cref="Frames.Request"/> builds them: every action
/// path of <see cref="FuzzRoutes"/> and some that are none, queries, <c>header</c> or <c>headers</c>, string and
/// numeric <c>msgId</c>s in either place, methods, headers the upstream must never see as sent, and bodies of topic
/// lists holding reserved, long and odd topics. <see cref="Documents"/> then mutates them.
/// </summary>
internal static class FuzzFrames
{
    /// <summary>Topics a client may hold, reserved ones, ones at and over the limits, and odd ones.</summary>
    public static Gen<string> Topic { get; } = Gen.Frequency(
        (10, Gen.OneOf("a", "b", "c", "d", "hq_100001_129", "hq_100001_123", "x.y-z:1", "主题", "😀", FuzzRoutes.Narrowed)),
        (2, Gen.OneOf("$all", "$conn:x", "$user:x", "$", "$foo", "$conn:")),
        (3, Gen.OneOf("", " ", "a b", "a\tb", "\u0001", "\u00A0", "\u2028", "a\u0085", new string('t', 256), new string('t', 257),
            new string('é', 256), string.Concat(Enumerable.Repeat("😀", 128)), string.Concat(Enumerable.Repeat("😀", 129)))),
        (1, Gen.OneOf(FuzzValues.OddStrings)),
        (1, Gen.String[1, 12]));

    /// <summary>A body <c>{"topics":[…]}</c> mostly, within and over <c>MaxTopicsPerRequest</c>; otherwise no body, or one of the wrong shape.</summary>
    public static Gen<JsonNode?> Body { get; } = Gen.Frequency(
        (12, Topic.Array[0, 4].Select(topics => (JsonNode?)Frames.Topics(topics))),
        (2, Topic.Array[5, 12].Select(topics => (JsonNode?)Frames.Topics(topics))),
        (1, Gen.OneOf<JsonNode?>((JsonNode?)null)),
        (2, Gen.OneOf("{}", "[]", "\"topics\"", "1", """{"topics":"a"}""", """{"topics":[1,null,{}]}""", """{"topics":null}""", """{"Topics":["a"]}""", """{"topics":[],"x":1}""")
            .Select(json => JsonNode.Parse(json))));

    /// <summary>Ids as clients write them (strings, numbers) and as they should not (other types, odd numbers).</summary>
    public static Gen<JsonNode?> MsgId { get; } = Gen.Frequency(
        (6, Gen.Int[0, 100_000].Select(n => (JsonNode?)JsonValue.Create($"m{n}"))),
        (3, Gen.Int[-5, 100_000].Select(n => (JsonNode?)JsonValue.Create(n))),
        (1, Gen.OneOf<JsonNode?>((JsonNode?)null)),
        (2, Gen.OneOf("1.5", "-0", "1e400", "12345678901234567890123", "\"\"", "\"😀\"", "{\"a\":1}", "[1]", "true", "\"a\\u0000b\"").Select(json => JsonNode.Parse(json))));

    /// <summary>Headers the upstream must not see as sent (hop-by-hop, framing, credentials, its own), headers HTTP cannot carry, and ordinary ones.</summary>
    public static Gen<(string Name, JsonNode? Value)> Header { get; } = Gen.Frequency(
        (4, Gen.OneOf<(string, JsonNode?)>(
            ("Host", "evil.example"), ("Transfer-Encoding", "chunked"), ("Content-Length", "5"), ("Content-Type", "text/plain"),
            ("Connection", "keep-alive, X-Hop"), ("X-Hop", "1"), ("Keep-Alive", "timeout=5"), ("TE", "trailers"), ("Upgrade", "websocket"),
            ("Proxy-Authorization", "Basic Zm9v"), ("X-API-KEY", TestGateway.DefaultPublishKey), ("connId", "someone"),
            ("X-Connection-Id", "someone"), ("X-Action", "register"), ("X-Forwarded-For", "6.6.6.6"), ("Authorization", "Bearer x"))),
        (3, Gen.OneOf<(string, JsonNode?)>(
            ("a b", "1"), ("é", "1"), ("", "1"), ("x:y", "1"), ("x", "é"), ("x", "a\r\nb"), ("x", "\u0000"), ("x", "\u007F"),
            ("client-metadata", new JsonObject { ["name"] = "张三" }), ("x", 1.5), ("x", null), ("x", new JsonArray(1, "<&>")), ("x", new string('v', 5000)))),
        (3, Gen.OneOf<(string, JsonNode?)>(("ts", 132132132), ("ts", "1"), ("X-Trace", "abc"), ("Accept", "*/*"), ("x-custom", ""))));

    /// <summary>Query strings, mostly none: the upstream gets them as sent (PROTOCOL.md §4).</summary>
    public static Gen<string> Query { get; } = Gen.Frequency(
        (6, Gen.OneOf("")),
        (1, Gen.OneOf("?a=1", "?a=1&a=2&b", "?x=%ZZ", "?é=ü", "?", "?a=b#c", "#frag", "?q=" + new string('q', 3000), "?%00", "?a b", "??", "?%F0%9F%98%80")));

    /// <summary>Seed frames for <paramref name="paths"/>, the seed's actions weighted towards subscriptions.</summary>
    public static Gen<JsonNode> Seed(Gen<string> paths) => Gen.Select(
        paths,
        Query,
        Gen.Frequency((3, "header"), (2, "headers")),
        MsgId,
        Gen.Frequency((10, Gen.OneOf<string?>((string?)null)), (2, Gen.OneOf<string?>("POST", "post", "GET", "DELETE", "", "PO ST"))),
        Body,
        Gen.Frequency((5, Gen.OneOf<JsonNode?>((JsonNode?)null)), (1, MsgId)),
        Gen.Frequency((3, Header.Array[0, 0]), (2, Header.Array[1, 3])),
        Build);

    /// <summary>Paths of <see cref="FuzzRoutes"/>: subscriptions most, registering and disconnecting less, paths that are no route now and then.</summary>
    public static Gen<string> Paths { get; } = Gen.Frequency(
        (8, Gen.OneOf(SeedUris.SubAdd, SeedUris.SubPut, SeedUris.SubDelete, FuzzRoutes.Add, FuzzRoutes.Put, FuzzRoutes.Delete)),
        (2, Gen.OneOf(SeedUris.Register, FuzzRoutes.Register, FuzzRoutes.Deny, FuzzRoutes.Unusable, FuzzRoutes.Gone, FuzzRoutes.Anywhere, FuzzRoutes.OtherEntrysAction)),
        (1, Gen.OneOf(SeedUris.Disconnect, FuzzRoutes.Disconnect)),
        (1, Gen.OneOf(FuzzRoutes.OtherPaths)));

    /// <summary>Mutated frames grown from <see cref="Seed"/> over <see cref="Paths"/>.</summary>
    public static Gen<FuzzDocument> Documents { get; } = Seed(Paths).SelectMany(seed => FuzzDocument.From(seed));

    private static JsonNode Build(string path, string query, string headerName, JsonNode? msgId, string? method, JsonNode? body, JsonNode? topLevelMsgId, (string Name, JsonNode? Value)[] headers)
    {
        var frame = JsonNode.Parse(Frames.Request(path + query, body, msgId, headerName, method))!;
        if (topLevelMsgId is not null)
        {
            frame["msgId"] = topLevelMsgId.DeepClone();
        }

        foreach (var (name, value) in headers)
        {
            frame[headerName]![name] = value?.DeepClone();
        }

        return frame;
    }
}
