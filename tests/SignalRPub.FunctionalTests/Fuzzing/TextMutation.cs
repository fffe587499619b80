using System.Text;
using System.Text.Json;
using CsCheck;

namespace SignalRPub.FunctionalTests.Fuzzing;

/// <summary>
/// One change to serialized JSON that no object model can make: bytes that are not UTF-8, lone surrogate escapes, a
/// member written twice, a cut, a stray structural character. <see cref="Target"/> picks the string, member or byte
/// position modulo how many there are; <see cref="Choice"/> picks what is inserted.
/// </summary>
internal sealed record TextMutation(TextMutationKind Kind, int Target, int Choice)
{
    private static readonly JsonReaderOptions s_deep = new() { MaxDepth = FuzzDocument.MaxDepth };
    private static readonly byte[] s_structural = "{}[],:\""u8.ToArray();

    public static Gen<TextMutation> Gen { get; } = CsCheck.Gen.Select(
        CsCheck.Gen.Enum<TextMutationKind>(),
        CsCheck.Gen.Int[0, 1_000_000],
        CsCheck.Gen.Int[0, 1_000_000],
        (kind, target, choice) => new TextMutation(kind, target, choice));

    /// <summary>The text changed; <paramref name="json"/> (well-formed JSON) is left as it was.</summary>
    public byte[] ApplyTo(byte[] json)
    {
        if (json.Length == 0)
        {
            return json;
        }

        switch (Kind)
        {
            case TextMutationKind.InvalidUtf8:
                return InsertInString(json, FuzzValues.InvalidUtf8[Choice % FuzzValues.InvalidUtf8.Length]);
            case TextMutationKind.LoneSurrogate:
                return InsertInString(json, Encoding.ASCII.GetBytes(FuzzValues.LoneSurrogateEscapes[Choice % FuzzValues.LoneSurrogateEscapes.Length]));
            case TextMutationKind.DuplicateMember:
                return DuplicateMember(json);
            case TextMutationKind.Truncate:
                return json[..(Target % json.Length)];
            default:
                var at = Target % (json.Length + 1);
                return [.. json[..at], s_structural[Choice % s_structural.Length], .. json[at..]];
        }
    }

    /// <summary>Inserts <paramref name="bytes"/> at the start of the content of a string or property name (anywhere when there is none).</summary>
    private byte[] InsertInString(byte[] json, byte[] bytes)
    {
        var starts = new List<int>();
        var reader = new Utf8JsonReader(json, s_deep);
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
            {
                // The token starts at its opening quote.
                starts.Add((int)reader.TokenStartIndex + 1);
            }
        }

        var at = starts.Count == 0 ? Target % (json.Length + 1) : starts[Target % starts.Count];
        return [.. json[..at], .. bytes, .. json[at..]];
    }

    /// <summary>Writes one object member (name, colon and value) a second time, right after itself.</summary>
    private byte[] DuplicateMember(byte[] json)
    {
        var names = 0;
        var reader = new Utf8JsonReader(json, s_deep);
        while (reader.Read())
        {
            names += reader.TokenType == JsonTokenType.PropertyName ? 1 : 0;
        }

        var wanted = names == 0 ? -1 : Target % names;
        var seen = 0;
        reader = new Utf8JsonReader(json, s_deep);
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || seen++ != wanted)
            {
                continue;
            }

            var start = (int)reader.TokenStartIndex;
            reader.Read();
            reader.Skip();
            var end = (int)reader.BytesConsumed;
            return [.. json[..end], (byte)',', .. json[start..end], .. json[end..]];
        }

        return json;
    }
}
