using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using MessagePack;

namespace SignalRPub.Protocol;

/// <summary>Transcodes between JSON and MessagePack, for MessagePack hub clients.</summary>
internal static class MessagePackJson
{
    private const int MaxDepth = 64;

    /// <summary>Writes one UTF-8 JSON value as MessagePack; an empty span is written as nil.</summary>
    public static void WriteJson(ref MessagePackWriter writer, ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            writer.WriteNil();
            return;
        }

        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        WriteElement(ref writer, document.RootElement);
    }

    private static void WriteElement(ref MessagePackWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(ref writer, element);
                break;
            case JsonValueKind.Array:
                writer.WriteArrayHeader(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    WriteElement(ref writer, item);
                }

                break;
            case JsonValueKind.String:
                writer.Write(element.GetString());
                break;
            case JsonValueKind.Number:
                if (element.TryGetInt64(out var integer))
                {
                    writer.Write(integer);
                }
                else if (element.TryGetUInt64(out var unsigned))
                {
                    writer.Write(unsigned);
                }
                else
                {
                    writer.Write(element.GetDouble());
                }

                break;
            case JsonValueKind.True:
                writer.Write(true);
                break;
            case JsonValueKind.False:
                writer.Write(false);
                break;
            default:
                writer.WriteNil();
                break;
        }
    }

    private static void WriteObject(ref MessagePackWriter writer, JsonElement element)
    {
        var count = 0;
        foreach (var _ in element.EnumerateObject())
        {
            count++;
        }

        if (!HasRepeatedName(element, count))
        {
            // The usual case, written as it is read: nothing is allocated for the object itself.
            writer.WriteMapHeader(count);
            foreach (var property in element.EnumerateObject())
            {
                writer.Write(property.Name);
                WriteElement(ref writer, property.Value);
            }

            return;
        }

        // A name given twice in one object is valid JSON syntax, but a map with a repeated key is one that MessagePack
        // clients (the .NET one among them) cannot read: it is written once, with its last value, as JSON readers take it.
        var members = new List<KeyValuePair<string, JsonElement>>(count);
        var positions = new Dictionary<string, int>(count, StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (positions.TryGetValue(property.Name, out var at))
            {
                members[at] = new(property.Name, property.Value);
                continue;
            }

            positions[property.Name] = members.Count;
            members.Add(new(property.Name, property.Value));
        }

        writer.WriteMapHeader(members.Count);
        foreach (var (name, value) in members)
        {
            writer.Write(name);
            WriteElement(ref writer, value);
        }
    }

    /// <summary>True when a name stands twice in the object; small objects are compared without allocating.</summary>
    private static bool HasRepeatedName(JsonElement element, int count)
    {
        const int ComparedPairwise = 16;
        if (count < 2)
        {
            return false;
        }

        if (count > ComparedPairwise)
        {
            return HasRepeatedDecodedName(element);
        }

        var index = 0;
        foreach (var property in element.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(property);
            if (name.Contains((byte)'\\'))
            {
                // An escaped name may equal another written differently ("a" and "\u0061"): compare the decoded names.
                return HasRepeatedDecodedName(element);
            }

            var other = 0;
            foreach (var earlier in element.EnumerateObject())
            {
                if (other++ == index)
                {
                    break;
                }

                if (name.SequenceEqual(JsonMarshal.GetRawUtf8PropertyName(earlier)))
                {
                    return true;
                }
            }

            index++;
        }

        return false;
    }

    private static bool HasRepeatedDecodedName(JsonElement element)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads one MessagePack value and returns it as UTF-8 JSON.</summary>
    public static byte[] ReadAsJson(ref MessagePackReader reader)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            ReadValue(ref reader, json, 0);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void ReadValue(ref MessagePackReader reader, Utf8JsonWriter json, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new MessagePackSerializationException($"The value is nested deeper than {MaxDepth} levels.");
        }

        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                json.WriteNullValue();
                break;
            case MessagePackType.Boolean:
                json.WriteBooleanValue(reader.ReadBoolean());
                break;
            case MessagePackType.Integer:
                if (reader.NextCode == MessagePackCode.UInt64)
                {
                    json.WriteNumberValue(reader.ReadUInt64());
                }
                else
                {
                    json.WriteNumberValue(reader.ReadInt64());
                }

                break;
            case MessagePackType.Float:
                // JSON has no NaN or infinities: such a value is refused like any other JSON cannot hold.
                var number = reader.ReadDouble();
                json.WriteNumberValue(double.IsFinite(number) ? number : throw new MessagePackSerializationException("NaN and infinities are not JSON numbers."));
                break;
            case MessagePackType.String:
                json.WriteStringValue(ReadUtf8(ref reader, out var copy));
                Return(copy);
                break;
            case MessagePackType.Binary:
                json.WriteBase64StringValue(reader.ReadBytes()!.Value.ToArray());
                break;
            case MessagePackType.Array:
                var length = reader.ReadArrayHeader();
                json.WriteStartArray();
                for (var i = 0; i < length; i++)
                {
                    ReadValue(ref reader, json, depth + 1);
                }

                json.WriteEndArray();
                break;
            case MessagePackType.Map:
                var entries = reader.ReadMapHeader();
                json.WriteStartObject();
                for (var i = 0; i < entries; i++)
                {
                    WriteKey(ref reader, json);
                    ReadValue(ref reader, json, depth + 1);
                }

                json.WriteEndObject();
                break;
            default:
                reader.Skip();
                json.WriteNullValue();
                break;
        }
    }

    private static void WriteKey(ref MessagePackReader reader, Utf8JsonWriter json)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.String:
                json.WritePropertyName(ReadUtf8(ref reader, out var copy));
                Return(copy);
                break;
            case MessagePackType.Integer:
                json.WritePropertyName(reader.NextCode == MessagePackCode.UInt64
                    ? reader.ReadUInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : reader.ReadInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                throw new MessagePackSerializationException("Map keys must be strings or integers.");
        }
    }

    private static void Return(byte[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// A string's UTF-8 bytes as sent, refused when they are not valid UTF-8: decoding them to a .NET string would
    /// replace the bad bytes silently (PROTOCOL.md §8 refuses them where they enter). <paramref name="rented"/> is
    /// a pooled copy to return when the string was not contiguous, else null.
    /// </summary>
    private static ReadOnlySpan<byte> ReadUtf8(ref MessagePackReader reader, out byte[]? rented)
    {
        rented = null;
        ReadOnlySpan<byte> utf8;
        if (reader.TryReadStringSpan(out var span))
        {
            utf8 = span;
        }
        else if (reader.ReadStringSequence() is { } sequence)
        {
            rented = ArrayPool<byte>.Shared.Rent((int)sequence.Length);
            sequence.CopyTo(rented);
            utf8 = rented.AsSpan(0, (int)sequence.Length);
        }
        else
        {
            throw new MessagePackSerializationException("A string is nil.");
        }

        return System.Text.Unicode.Utf8.IsValid(utf8)
            ? utf8
            : throw new MessagePackSerializationException("A string is not valid UTF-8.");
    }
}
