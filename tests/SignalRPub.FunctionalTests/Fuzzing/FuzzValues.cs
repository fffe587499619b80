using System.Text.Json.Nodes;
using CsCheck;

namespace SignalRPub.FunctionalTests.Fuzzing;

/// <summary>
/// Values that have broken parsers and writers before, for mutations to put where they do not belong: odd strings,
/// numbers no type holds, bytes that are not UTF-8, escapes that are not text, and nesting around the gateway's limits.
/// </summary>
internal static class FuzzValues
{
    public static string[] OddStrings { get; } =
    [
        "", " ", "\t\r\n", "\0", "\u0001", "\u007F", "\u200B", "\u202E", "é", "😀", "\uFFFD", "\uFEFF", "\"", "\\", "{}", "null",
        "/", "/hub", "/hub/negotiate", "/HUB", "/api/v1/publish", "/healthz", "/msg-pub", "/fuzz/0", "$all", "$conn:x", "../..", "%00",
        "%ED%B0%80", "a:b:c", "register", "sub_add", "ht-msg-sub", "ht-ws-msg-pub", "roundrobin", "127.0.0.1", "169.254.169.254",
        "[::1]:80", "h:99999", new string('a', 1025), new string('é', 5000),
    ];

    /// <summary>Number literals as JSON text: what a double, an int or a port cannot hold, and the edges of ranges.</summary>
    public static string[] OddNumbers { get; } =
    [
        "0", "-0", "1", "-1", "0.5", "1.5", "1e400", "-1e400", "1e-400", "123456789012345678901234567890", "2147483648",
        "-2147483649", "9223372036854775808", "65535", "65536", "3600", "3601", "1E2",
    ];

    /// <summary>Byte sequences that are not UTF-8: stray bytes, an overlong form, encoded surrogates, beyond U+10FFFF, a cut sequence.</summary>
    public static byte[][] InvalidUtf8 { get; } =
    [
        [0xFF], [0xFE, 0xFF], [0xC0, 0xAF], [0xED, 0xB0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xE2, 0x82],
        [0xF8, 0x88, 0x80, 0x80, 0x80],
    ];

    /// <summary>Escapes that are valid JSON syntax but no text: lone or misordered surrogates.</summary>
    public static string[] LoneSurrogateEscapes { get; } = [@"\udc00", @"\ud800", @"\ud800\u0041", @"\uDFFF", @"\ud83d", @"\ude00\ud83d"];

    /// <summary>
    /// Nesting depths around the admin limit (32), the frame and reader limit (64), what fits in a SignalR JSON message
    /// with its envelope (61, 62), and far beyond.
    /// </summary>
    public static int[] Depths { get; } = [1, 2, 3, 31, 32, 33, 61, 62, 63, 64, 65, 300];

    /// <summary>Any JSON value, weighted towards the odd ones.</summary>
    public static Gen<JsonNode?> Value { get; } = Gen.Frequency(
        (4, Gen.OneOf(OddStrings).Select(s => (JsonNode?)JsonValue.Create(s))),
        (3, Gen.OneOf(OddNumbers).Select(n => JsonNode.Parse(n))),
        (2, Gen.String.Select(s => (JsonNode?)JsonValue.Create(s))),
        (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        (1, Gen.Const((JsonNode?)null)),
        (1, Gen.OneOf("{}", "[]", """[1,"a",null]""", """{"nodes":{}}""", """{"":""}""").Select(json => JsonNode.Parse(json))));
}
