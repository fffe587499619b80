using MessagePack;
using SignalRPub.Protocol;
using SignalRPub.Tests.TestSupport;

namespace SignalRPub.Tests.Protocol;

public class FrameMessagePackFormatterTests
{
    [Fact]
    public void Serialize_ResponseFrame_IsMapWithFrameKeys()
    {
        var frame = new ResponseFrame(Utf8.Bytes("\"2\""), 200, Utf8.Bytes("""{"topics":["a"],"upstream":null}"""));

        var json = ToJson(MessagePackSerializer.Serialize(frame));

        Assert.Equal("""{"type":"response","msgId":"2","status":200,"body":{"topics":["a"],"upstream":null}}""", json);
    }

    [Fact]
    public void Serialize_PushFrame_IsMapOfTopicAndData()
    {
        var json = ToJson(MessagePackSerializer.Serialize(new PushFrame("t", Utf8.Bytes("""{"last":12.34}"""))));

        Assert.Equal("""{"topic":"t","data":{"last":12.34}}""", json);
    }

    [Fact]
    public void Deserialize_RequestFrameMap_KeepsItAsJson()
    {
        var packed = MessagePackSerializer.Serialize(new RequestFrame(Utf8.Bytes("""{"uri":"/a","header":{"msgId":2},"body":{"topics":["x"]}}""")));

        var frame = MessagePackSerializer.Deserialize<RequestFrame>(packed);

        Assert.Equal("""{"uri":"/a","header":{"msgId":2},"body":{"topics":["x"]}}""", Utf8.Text(frame.Utf8Json));
    }

    [Fact]
    public void Deserialize_MapWithStringNotUtf8_IsAnInvalidFrameAndTheReaderMovesPastIt()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteMapHeader(1);
        writer.Write("uri");
        writer.WriteString(new byte[] { 0x2F, 0xFF });
        writer.Write("after");
        writer.Flush();
        var reader = new MessagePackReader(buffer.WrittenMemory);

        var frame = MessagePackSerializer.DefaultOptions.Resolver.GetFormatter<RequestFrame>()!.Deserialize(ref reader, MessagePackSerializer.DefaultOptions);

        Assert.NotNull(frame.Error);
        Assert.Equal("after", reader.ReadString());
    }

    private static string ToJson(byte[] packed)
    {
        var reader = new MessagePackReader(packed);
        return Utf8.Text(MessagePackJson.ReadAsJson(ref reader));
    }
}
