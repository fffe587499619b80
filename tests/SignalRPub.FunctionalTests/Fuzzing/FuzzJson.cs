using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace SignalRPub.FunctionalTests.Fuzzing;

/// <summary>
/// What a fuzz test needs to know about JSON text, decided on the test's side (PROTOCOL.md §4, §8) rather than by
/// asking the gateway's own checks: whether bytes are text the gateway must accept, whether they are at least
/// well-formed syntax, and whether two values are the same.
/// </summary>
internal static class FuzzJson
{
    /// <summary>The nesting the gateway accepts in a frame or body (docs/protocol.md §11).</summary>
    public const int GatewayMaxDepth = 64;

    private static readonly JsonDocumentOptions s_deep = new() { MaxDepth = FuzzDocument.MaxDepth };

    /// <summary>
    /// Parses <paramref name="utf8"/> when it is one JSON value of valid text (UTF-8, no lone surrogate escape) no
    /// deeper than <paramref name="maxDepth"/>: what the gateway must read. Null otherwise.
    /// </summary>
    public static JsonElement? ParseValid(ReadOnlySpan<byte> utf8, int maxDepth = GatewayMaxDepth)
    {
        if (utf8.IsEmpty || !Utf8.IsValid(utf8))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = maxDepth });
            return HasOnlyValidStrings(document.RootElement) ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="utf8"/> is one well-formed JSON value (at any depth a mutation makes), whatever its strings hold.</summary>
    public static bool IsWellFormed(byte[] utf8)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8, s_deep);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>How deep <paramref name="utf8"/> (well-formed JSON) nests: 0 for a scalar, 1 for <c>{}</c> or <c>[1]</c>.</summary>
    public static int Depth(byte[] utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = FuzzDocument.MaxDepth });
        var deepest = 0;
        while (reader.Read())
        {
            deepest = Math.Max(deepest, reader.CurrentDepth + (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray ? 1 : 0));
        }

        return deepest;
    }

    /// <summary>Parses well-formed JSON at any depth a mutation makes, strings unchecked; null when it is not well-formed.</summary>
    public static JsonDocument? ParseDeep(byte[] utf8)
    {
        try
        {
            return JsonDocument.Parse(utf8, s_deep);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether <paramref name="actual"/> is <paramref name="expected"/>. With <paramref name="asMessagePack"/>, as a
    /// MessagePack client receives it: numbers as the doubles they round to, and objects as maps, each name once with
    /// its last value (as JSON readers take a name given twice), in any order.
    /// </summary>
    public static bool Equivalent(JsonElement expected, JsonElement actual, bool asMessagePack)
    {
        if (!asMessagePack)
        {
            return JsonElement.DeepEquals(expected, actual);
        }

        if (expected.ValueKind != actual.ValueKind)
        {
            return false;
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Number:
                return AsDouble(expected).Equals(AsDouble(actual));
            case JsonValueKind.Array:
                return expected.GetArrayLength() == actual.GetArrayLength()
                    && expected.EnumerateArray().Zip(actual.EnumerateArray()).All(pair => Equivalent(pair.First, pair.Second, asMessagePack));
            case JsonValueKind.Object:
                var names = expected.EnumerateObject().Select(property => property.Name).Distinct(StringComparer.Ordinal).ToList();
                return names.Count == actual.EnumerateObject().Count()
                    && names.All(name => actual.TryGetProperty(name, out var value) && Equivalent(expected.GetProperty(name), value, asMessagePack));
            default:
                return JsonElement.DeepEquals(expected, actual);
        }
    }

    /// <summary>Whether <paramref name="value"/> holds a number no double can hold (<c>1e400</c>): it arrives as an infinity.</summary>
    public static bool HasNumberBeyondDouble(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => !double.IsFinite(AsDouble(value)),
        JsonValueKind.Array => value.EnumerateArray().Any(HasNumberBeyondDouble),
        JsonValueKind.Object => value.EnumerateObject().Any(property => HasNumberBeyondDouble(property.Value)),
        _ => false,
    };

    private static double AsDouble(JsonElement number) =>
        double.Parse(JsonMarshal.GetRawUtf8Value(number), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static bool HasOnlyValidStrings(JsonElement element)
    {
        try
        {
            return Check(element);
        }
        catch (InvalidOperationException)
        {
            // GetString refuses a lone surrogate escape.
            return false;
        }

        static bool Check(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    _ = element.GetString();
                    return true;
                case JsonValueKind.Array:
                    return element.EnumerateArray().All(Check);
                case JsonValueKind.Object:
                    return element.EnumerateObject().All(property => property.Name is not null && Check(property.Value));
                default:
                    return true;
            }
        }
    }
}
