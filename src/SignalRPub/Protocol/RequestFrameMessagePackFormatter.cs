using MessagePack;
using MessagePack.Formatters;

namespace SignalRPub.Protocol;

/// <summary>Takes a MessagePack client's <c>Request</c> argument (a map) and keeps it as JSON.</summary>
internal sealed class RequestFrameMessagePackFormatter : IMessagePackFormatter<RequestFrame>
{
    public void Serialize(ref MessagePackWriter writer, RequestFrame value, MessagePackSerializerOptions options) =>
        MessagePackJson.WriteJson(ref writer, value.Utf8Json.Span);

    public RequestFrame Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        // The caller's reader moves past the whole value first, so a value that cannot be taken leaves the rest of
        // the message readable and gets an answer of its own instead of failing the invocation.
        var value = reader.CreatePeekReader();
        reader.Skip();
        try
        {
            return new RequestFrame(MessagePackJson.ReadAsJson(ref value));
        }
        catch (MessagePackSerializationException ex)
        {
            return RequestFrame.Invalid(ex.Message);
        }
    }
}
