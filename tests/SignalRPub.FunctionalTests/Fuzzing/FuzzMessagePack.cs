using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using MessagePack;

namespace SignalRPub.FunctionalTests.Fuzzing;

/// <summary>
/// Writes a fuzzed JSON frame as the MessagePack value a hub client would send, byte for byte: strings carry their
/// bytes as the JSON text had them (bytes that are not UTF-8 stay, and a lone surrogate escape becomes the three bytes
/// of the surrogate, which are not UTF-8 either), numbers become integers or doubles (<c>1e400</c> an infinity), and a
/// <see cref="MessagePackMutation"/> writes, at one value, what JSON cannot say.
/// </summary>
internal static class FuzzMessagePack
{
    private static readonly DateTime s_timestamp = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private delegate void OddValue(ref MessagePackWriter writer);

    private static readonly OddValue[] s_oddKeys =
    [
        static (ref w) => w.Write(1),
        static (ref w) => w.Write(true),
        static (ref w) => w.WriteNil(),
        static (ref w) => w.Write(1.5),
        static (ref w) => w.Write(new byte[] { 1, 2 }),
        static (ref w) =>
        {
            w.WriteArrayHeader(1);
            w.Write(1);
        },
        static (ref w) => w.WriteMapHeader(0),
    ];

    private static readonly OddValue[] s_oddScalars =
    [
        static (ref w) => w.Write(new byte[] { 0xFF, 0x00 }),
        static (ref w) => w.WriteExtensionFormat(new ExtensionResult(5, new byte[] { 1, 2, 3 })),
        static (ref w) => w.Write(s_timestamp),
        static (ref w) => w.Write(double.NaN),
        static (ref w) => w.Write(double.PositiveInfinity),
        static (ref w) => w.Write(double.NegativeInfinity),
        static (ref w) => w.Write(float.NaN),
        static (ref w) => w.Write(1.5f),
        static (ref w) => w.Write(long.MinValue),
        static (ref w) => w.Write(ulong.MaxValue),
        static (ref w) => w.Write(double.Epsilon),
        static (ref w) => w.WriteNil(),
        static (ref w) => w.WriteString(Array.Empty<byte>()),
    ];

    /// <summary>The MessagePack form of <paramref name="json"/> (well-formed JSON), changed by <paramref name="mutation"/> when not null.</summary>
    public static byte[] FromJson(byte[] json, MessagePackMutation? mutation)
    {
        using var document = FuzzJson.ParseDeep(json) ?? throw new ArgumentException("The JSON is not well-formed.", nameof(json));
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        var index = 0;
        var target = mutation is null ? -1 : mutation.Target % Count(document.RootElement);
        Write(ref writer, document.RootElement, ref index, target, mutation);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static int Count(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => 1 + element.EnumerateObject().Sum(property => 1 + Count(property.Value)),
        JsonValueKind.Array => 1 + element.EnumerateArray().Sum(Count),
        _ => 1,
    };

    private static void Write(ref MessagePackWriter writer, JsonElement element, ref int index, int target, MessagePackMutation? mutation)
    {
        if (index++ == target)
        {
            Mutate(ref writer, element, ref index, mutation!);
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = element.EnumerateObject().ToList();
                writer.WriteMapHeader(properties.Count);
                foreach (var property in properties)
                {
                    var name = Unescape(JsonMarshal.GetRawUtf8PropertyName(property));
                    if (index++ == target)
                    {
                        switch (mutation!.Kind)
                        {
                            case MessagePackMutationKind.InvalidUtf8String:
                                writer.WriteString((byte[])[.. FuzzValues.InvalidUtf8[mutation.Choice % FuzzValues.InvalidUtf8.Length], .. name]);
                                break;
                            case MessagePackMutationKind.OddKey:
                                s_oddKeys[mutation.Choice % s_oddKeys.Length](ref writer);
                                break;
                            default:
                                s_oddScalars[mutation.Choice % s_oddScalars.Length](ref writer);
                                break;
                        }
                    }
                    else
                    {
                        writer.WriteString(name);
                    }

                    Write(ref writer, property.Value, ref index, target, mutation);
                }

                break;
            case JsonValueKind.Array:
                writer.WriteArrayHeader(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    Write(ref writer, item, ref index, target, mutation);
                }

                break;
            case JsonValueKind.String:
                writer.WriteString(Unescape(JsonMarshal.GetRawUtf8Value(element)));
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
                    writer.Write(double.Parse(JsonMarshal.GetRawUtf8Value(element), NumberStyles.Float, CultureInfo.InvariantCulture));
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

    private static void Mutate(ref MessagePackWriter writer, JsonElement element, ref int index, MessagePackMutation mutation)
    {
        switch (mutation.Kind)
        {
            case MessagePackMutationKind.InvalidUtf8String:
                var text = element.ValueKind == JsonValueKind.String ? Unescape(JsonMarshal.GetRawUtf8Value(element)) : "x"u8.ToArray();
                writer.WriteString((byte[])[.. text, .. FuzzValues.InvalidUtf8[mutation.Choice % FuzzValues.InvalidUtf8.Length]]);
                break;
            case MessagePackMutationKind.OddKey:
                writer.WriteMapHeader(1);
                s_oddKeys[mutation.Choice % s_oddKeys.Length](ref writer);
                Write(ref writer, element, ref index, -1, null);
                break;
            case MessagePackMutationKind.Nest:
                var depth = FuzzValues.Depths[mutation.Choice % FuzzValues.Depths.Length];
                for (var level = 0; level < depth; level++)
                {
                    if (level % 2 == 0)
                    {
                        writer.WriteArrayHeader(1);
                    }
                    else
                    {
                        writer.WriteMapHeader(1);
                        writer.Write("n");
                    }
                }

                Write(ref writer, element, ref index, -1, null);
                break;
            default:
                s_oddScalars[mutation.Choice % s_oddScalars.Length](ref writer);
                break;
        }
    }

    /// <summary>
    /// The bytes of a JSON string (quoted or not) with its escapes resolved: a surrogate pair to its UTF-8, a lone
    /// surrogate to its three bytes (as WTF-8 writes it), and every byte that is not an escape as it is.
    /// </summary>
    private static byte[] Unescape(ReadOnlySpan<byte> raw)
    {
        if (raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"')
        {
            raw = raw[1..^1];
        }

        var bytes = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\' || i + 1 >= raw.Length)
            {
                bytes.Add(raw[i]);
                continue;
            }

            var escape = raw[++i];
            if (escape != 'u')
            {
                bytes.Add(escape switch { (byte)'b' => 8, (byte)'f' => 12, (byte)'n' => 10, (byte)'r' => 13, (byte)'t' => 9, _ => escape });
                continue;
            }

            var unit = Hex(raw.Slice(i + 1, 4));
            i += 4;
            if (unit is >= 0xD800 and <= 0xDBFF && i + 6 < raw.Length && raw[i + 1] == '\\' && raw[i + 2] == 'u' && Hex(raw.Slice(i + 3, 4)) is >= 0xDC00 and <= 0xDFFF and var low)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(char.ConvertToUtf32((char)unit, (char)low))));
                i += 6;
            }
            else if (unit is >= 0xD800 and <= 0xDFFF)
            {
                bytes.AddRange([(byte)(0xE0 | (unit >> 12)), (byte)(0x80 | ((unit >> 6) & 0x3F)), (byte)(0x80 | (unit & 0x3F))]);
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(((char)unit).ToString()));
            }
        }

        return [.. bytes];
    }

    private static int Hex(ReadOnlySpan<byte> digits) => int.Parse(Encoding.ASCII.GetString(digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
