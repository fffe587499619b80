using System.Text.Json;

namespace SignalRPub.Protocol;

/// <summary>Writes response and push frames as JSON; shared by the raw-frame protocol and the JSON converters.</summary>
internal static class FrameWriter
{
    public static void WriteResponse(Utf8JsonWriter writer, ResponseFrame frame, bool withType)
    {
        writer.WriteStartObject();
        if (withType)
        {
            writer.WriteString(FrameNames.Type, FrameNames.Response);
        }

        writer.WritePropertyName(FrameNames.MsgId);
        WriteRawOrNull(writer, frame.MsgId.Span);
        writer.WriteNumber(FrameNames.Status, frame.Status);
        writer.WritePropertyName(FrameNames.Body);
        WriteRawOrNull(writer, frame.Body.Span);
        writer.WriteEndObject();
    }

    public static void WritePush(Utf8JsonWriter writer, PushFrame frame, bool withType)
    {
        writer.WriteStartObject();
        if (withType)
        {
            writer.WriteString(FrameNames.Type, FrameNames.Push);
        }

        writer.WriteString(FrameNames.Topic, frame.Topic);
        writer.WritePropertyName(FrameNames.Data);
        WriteRawOrNull(writer, frame.Data.Span);
        writer.WriteEndObject();
    }

    /// <summary>Writes a JSON value already validated when it entered the gateway; empty is written as null.</summary>
    public static void WriteRawOrNull(Utf8JsonWriter writer, ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteRawValue(json, skipInputValidation: true);
        }
    }
}
