using MessagePack;
using MessagePack.Formatters;

namespace SignalRPub.Protocol;

/// <summary>Writes a response frame for MessagePack clients: a map with the keys of the JSON frame.</summary>
internal sealed class ResponseFrameMessagePackFormatter : IMessagePackFormatter<ResponseFrame>
{
    public void Serialize(ref MessagePackWriter writer, ResponseFrame value, MessagePackSerializerOptions options)
    {
        writer.WriteMapHeader(4);
        writer.Write("type");
        writer.Write("response");
        writer.Write("msgId");
        MessagePackJson.WriteJson(ref writer, value.MsgId.Span);
        writer.Write("status");
        writer.Write(value.Status);
        writer.Write("body");
        MessagePackJson.WriteJson(ref writer, value.Body.Span);
    }

    public ResponseFrame Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        throw new NotSupportedException("Response frames are only written.");
}
