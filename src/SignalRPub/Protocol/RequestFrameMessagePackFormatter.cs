using MessagePack;
using MessagePack.Formatters;

namespace SignalRPub.Protocol;

/// <summary>Takes a MessagePack client's <c>Request</c> argument (a map) and keeps it as JSON.</summary>
internal sealed class RequestFrameMessagePackFormatter : IMessagePackFormatter<RequestFrame>
{
    public void Serialize(ref MessagePackWriter writer, RequestFrame value, MessagePackSerializerOptions options) =>
        MessagePackJson.WriteJson(ref writer, value.Utf8Json.Span);

    public RequestFrame Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        new(MessagePackJson.ReadAsJson(ref reader));
}
