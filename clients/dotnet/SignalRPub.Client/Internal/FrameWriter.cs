using System.Buffers;
using System.Text.Json;

namespace SignalRPub.Client.Internal;

/// <summary>Writes request frames: <c>{"uri","header":{…,"msgId"},"body"}</c>.</summary>
internal static class FrameWriter
{
    private static readonly JsonEncodedText s_uri = JsonEncodedText.Encode("uri");
    private static readonly JsonEncodedText s_header = JsonEncodedText.Encode("header");
    private static readonly JsonEncodedText s_msgId = JsonEncodedText.Encode("msgId");
    private static readonly JsonEncodedText s_body = JsonEncodedText.Encode("body");

    /// <summary>Writes <paramref name="frame"/> to <paramref name="writer"/>, the body serialised with <paramref name="options"/>.</summary>
    public static void Write(Utf8JsonWriter writer, in OutgoingFrame frame, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(s_uri, frame.Uri);
        writer.WriteStartObject(s_header);
        if (frame.Headers is not null)
        {
            foreach (var (name, value) in frame.Headers)
            {
                // The client owns the correlation id; a caller's msgId would break it.
                if (name != "msgId")
                {
                    writer.WriteString(name, value);
                }
            }
        }

        writer.WriteString(s_msgId, frame.MsgId);
        writer.WriteEndObject();
        writer.WritePropertyName(s_body);
        if (frame.Body is null)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
        else
        {
            JsonSerializer.Serialize(writer, frame.Body, frame.Body.GetType(), options);
        }

        writer.WriteEndObject();
    }

    /// <summary>The frame as a <see cref="JsonElement"/> (the argument of the hub's <c>Request</c>).</summary>
    public static JsonElement ToElement(in OutgoingFrame frame, JsonSerializerOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, frame, options);
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }
}
