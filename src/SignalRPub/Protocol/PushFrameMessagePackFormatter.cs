using MessagePack;
using MessagePack.Formatters;

namespace SignalRPub.Protocol;

/// <summary>Writes a push argument for MessagePack clients: a map <c>{topic, data}</c>.</summary>
internal sealed class PushFrameMessagePackFormatter : IMessagePackFormatter<PushFrame>
{
    public void Serialize(ref MessagePackWriter writer, PushFrame value, MessagePackSerializerOptions options)
    {
        writer.WriteMapHeader(2);
        writer.Write("topic");
        writer.Write(value.Topic);
        writer.Write("data");
        MessagePackJson.WriteJson(ref writer, value.Data.Span);
    }

    public PushFrame Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        throw new NotSupportedException("Push frames are only written.");
}
