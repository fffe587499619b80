using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace SignalRPub.Protocol;

/// <summary>
/// Checks UTF-8 JSON text where it enters the gateway (frames, HTTP bodies, publish bodies, admin documents,
/// upstream answers). <see cref="Utf8JsonReader"/> checks the syntax only: it lets invalid UTF-8 and lone
/// surrogate escapes (<c>"\udc00"</c>) through, and either one later breaks a reader or writer far from where it
/// came in, on other people's connections. Text that passes here is safe to copy raw into any frame and to
/// transcode to MessagePack; everything the gateway keeps as JSON bytes has passed here.
/// </summary>
internal static class JsonText
{
    /// <summary>The deepest nesting accepted by default, as <see cref="JsonDocument"/> allows.</summary>
    public const int DefaultMaxDepth = 64;

    /// <summary>
    /// The deepest value the gateway puts into a frame for others (published <c>data</c>, an upstream's answer):
    /// SignalR's JSON protocol reads a message at most 64 levels deep, and a push or an answer puts the value three
    /// levels in, so a deeper one would reach no JSON hub client and close the connection of every .NET one.
    /// </summary>
    public const int MaxEmbeddedDepth = DefaultMaxDepth - 3;

    /// <summary>True when <paramref name="utf8Json"/> is exactly one well-formed JSON value of valid text.</summary>
    public static bool IsValid(ReadOnlySpan<byte> utf8Json, int maxDepth = DefaultMaxDepth) => Validate(utf8Json, maxDepth) is null;

    /// <summary>
    /// Returns null when <paramref name="utf8Json"/> is exactly one well-formed JSON value, no deeper than
    /// <paramref name="maxDepth"/>, whose strings and property names are valid UTF-8 with no lone surrogate escape;
    /// otherwise why it is not, in words a client can act on.
    /// </summary>
    public static string? Validate(ReadOnlySpan<byte> utf8Json, int maxDepth = DefaultMaxDepth)
    {
        if (utf8Json.IsEmpty)
        {
            return "the text is empty";
        }

        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = maxDepth });
        return Validate(ref reader);
    }

    /// <summary>The same for text in several pieces (a pipe's buffer).</summary>
    public static string? Validate(in ReadOnlySequence<byte> utf8Json, int maxDepth = DefaultMaxDepth)
    {
        if (utf8Json.IsSingleSegment)
        {
            return Validate(utf8Json.FirstSpan, maxDepth);
        }

        if (utf8Json.IsEmpty)
        {
            return "the text is empty";
        }

        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = maxDepth });
        return Validate(ref reader);
    }

    private static string? Validate(ref Utf8JsonReader reader)
    {
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
                {
                    continue;
                }

                var valid = reader.HasValueSequence ? IsValidString(reader.ValueSequence, reader.ValueIsEscaped) : IsValidString(reader.ValueSpan, reader.ValueIsEscaped);
                if (!valid)
                {
                    return $"a {(reader.TokenType == JsonTokenType.PropertyName ? "property name" : "string")} ending at byte {reader.BytesConsumed} is not valid UTF-8 text (invalid bytes or a lone surrogate escape)";
                }
            }

            // Read() returns false only at the end of the input; a truncated document throws first.
            return null;
        }
        catch (JsonException ex)
        {
            return ex.Message;
        }
    }

    private static bool IsValidString(ReadOnlySequence<byte> value, bool escaped)
    {
        // Strings long enough to span segments are rare; one copy keeps the check in one place.
        var copy = value.Length <= 256 ? stackalloc byte[(int)value.Length] : new byte[value.Length];
        value.CopyTo(copy);
        return IsValidString(copy, escaped);
    }

    /// <summary>Valid UTF-8 and, where escaped, every <c>\uXXXX</c> surrogate in a high-low pair.</summary>
    internal static bool IsValidString(ReadOnlySpan<byte> raw, bool escaped)
    {
        if (!Utf8.IsValid(raw))
        {
            return false;
        }

        if (!escaped)
        {
            return true;
        }

        // The reader has checked the escape syntax: a backslash is followed by one of "\/bfnrt or u and four hex digits.
        var rest = raw;
        while (true)
        {
            var at = rest.IndexOf((byte)'\\');
            if (at < 0)
            {
                return true;
            }

            rest = rest[at..];
            if (rest[1] != 'u')
            {
                rest = rest[2..];
                continue;
            }

            var unit = Hex4(rest.Slice(2, 4));
            rest = rest[6..];
            if (unit is >= 0xDC00 and <= 0xDFFF)
            {
                return false;
            }

            if (unit is >= 0xD800 and <= 0xDBFF)
            {
                if (rest.Length < 6 || rest[0] != '\\' || rest[1] != 'u' || Hex4(rest.Slice(2, 4)) is < 0xDC00 or > 0xDFFF)
                {
                    return false;
                }

                rest = rest[6..];
            }
        }
    }

    private static int Hex4(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var digit in digits)
        {
            value = (value << 4) | HexValue(digit);
        }

        return value;
    }

    private static int HexValue(byte digit) => digit switch
    {
        >= (byte)'0' and <= (byte)'9' => digit - '0',
        >= (byte)'a' and <= (byte)'f' => digit - 'a' + 10,
        _ => digit - 'A' + 10,
    };
}
