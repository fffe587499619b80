using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;

namespace SignalRPub.Client.Internal;

/// <summary>
/// Reads MessagePack values as <see cref="JsonElement"/>s and writes <see cref="JsonElement"/>s as MessagePack, so that
/// frames and pushes are JSON whichever hub protocol carries them. Binary values become base64 strings, integer map keys
/// become property names, and NaN and the infinities become the strings <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>.
/// </summary>
internal sealed class JsonElementMessagePackFormatter : IMessagePackFormatter<JsonElement>
{
    public static readonly JsonElementMessagePackFormatter Instance = new();

    /// <summary>The serializer options of the MessagePack hub protocol: SignalR's usual ones, plus this formatter.</summary>
    public static readonly MessagePackSerializerOptions Options = MessagePackSerializerOptions.Standard
        .WithResolver(CompositeResolver.Create([Instance], [ContractlessStandardResolver.Instance]))
        .WithSecurity(MessagePackSecurity.UntrustedData);

    public void Serialize(ref MessagePackWriter writer, JsonElement value, MessagePackSerializerOptions options)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var count = 0;
                foreach (var _ in value.EnumerateObject())
                {
                    count++;
                }

                writer.WriteMapHeader(count);
                foreach (var property in value.EnumerateObject())
                {
                    writer.Write(property.Name);
                    Serialize(ref writer, property.Value, options);
                }

                break;
            case JsonValueKind.Array:
                writer.WriteArrayHeader(value.GetArrayLength());
                foreach (var item in value.EnumerateArray())
                {
                    Serialize(ref writer, item, options);
                }

                break;
            case JsonValueKind.String:
                writer.Write(value.GetString());
                break;
            case JsonValueKind.Number when value.TryGetInt64(out var integer):
                writer.Write(integer);
                break;
            case JsonValueKind.Number when value.TryGetUInt64(out var unsigned):
                writer.Write(unsigned);
                break;
            case JsonValueKind.Number:
                writer.Write(value.GetDouble());
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

    public JsonElement Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            WriteValue(ref reader, json, options);
        }

        var jsonReader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref jsonReader);
    }

    private static void WriteValue(ref MessagePackReader reader, Utf8JsonWriter json, MessagePackSerializerOptions options)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                json.WriteNullValue();
                break;
            case MessagePackType.Boolean:
                json.WriteBooleanValue(reader.ReadBoolean());
                break;
            case MessagePackType.Integer when reader.NextCode == MessagePackCode.UInt64:
                json.WriteNumberValue(reader.ReadUInt64());
                break;
            case MessagePackType.Integer:
                json.WriteNumberValue(reader.ReadInt64());
                break;
            case MessagePackType.Float:
                WriteDouble(reader.ReadDouble(), json);
                break;
            case MessagePackType.String:
                json.WriteStringValue(reader.ReadString());
                break;
            case MessagePackType.Binary:
                json.WriteBase64StringValue(reader.ReadBytes()?.ToArray() ?? []);
                break;
            case MessagePackType.Array:
                WriteArray(ref reader, json, options);
                break;
            case MessagePackType.Map:
                WriteMap(ref reader, json, options);
                break;
            case MessagePackType.Extension when IsTimestamp(reader):
                json.WriteStringValue(reader.ReadDateTime());
                break;
            default:
                json.WriteBase64StringValue(reader.ReadRaw().ToArray());
                break;
        }
    }

    private static void WriteArray(ref MessagePackReader reader, Utf8JsonWriter json, MessagePackSerializerOptions options)
    {
        var count = reader.ReadArrayHeader();
        options.Security.DepthStep(ref reader);
        json.WriteStartArray();
        for (var i = 0; i < count; i++)
        {
            WriteValue(ref reader, json, options);
        }

        json.WriteEndArray();
        reader.Depth--;
    }

    private static void WriteMap(ref MessagePackReader reader, Utf8JsonWriter json, MessagePackSerializerOptions options)
    {
        var count = reader.ReadMapHeader();
        options.Security.DepthStep(ref reader);
        json.WriteStartObject();
        for (var i = 0; i < count; i++)
        {
            json.WritePropertyName(reader.NextMessagePackType switch
            {
                MessagePackType.String => reader.ReadString() ?? "",
                MessagePackType.Integer => reader.ReadInt64().ToString(CultureInfo.InvariantCulture),
                _ => Convert.ToBase64String(reader.ReadRaw().ToArray()),
            });
            WriteValue(ref reader, json, options);
        }

        json.WriteEndObject();
        reader.Depth--;
    }

    private static bool IsTimestamp(in MessagePackReader reader)
    {
        var peek = reader.CreatePeekReader();
        return peek.TryReadExtensionFormatHeader(out var header) && header.TypeCode == ReservedMessagePackExtensionTypeCode.DateTime;
    }

    private static void WriteDouble(double value, Utf8JsonWriter json)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }
}
