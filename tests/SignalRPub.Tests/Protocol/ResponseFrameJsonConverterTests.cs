using System.Text.Json;
using SignalRPub.Protocol;
using SignalRPub.Tests.TestSupport;

namespace SignalRPub.Tests.Protocol;

public class ResponseFrameJsonConverterTests
{
    [Fact]
    public void Serialize_ResponseFrame_WritesProtocolFrame()
    {
        var frame = new ResponseFrame(Utf8.Bytes("\"2\""), 200, Utf8.Bytes("""{"topics":["a"],"upstream":null}"""));

        Assert.Equal("""{"type":"response","msgId":"2","status":200,"body":{"topics":["a"],"upstream":null}}""", JsonSerializer.Serialize(frame));
    }

    [Fact]
    public void Serialize_NoMsgId_WritesNull()
    {
        var frame = new ResponseFrame(ReadOnlyMemory<byte>.Empty, 400, Utf8.Bytes("""{"error":{"code":"invalid_json","message":"x"}}"""));

        Assert.Equal("""{"type":"response","msgId":null,"status":400,"body":{"error":{"code":"invalid_json","message":"x"}}}""", JsonSerializer.Serialize(frame));
    }

    [Fact]
    public void Serialize_AsObject_UsesTheConverter()
    {
        object frame = new ResponseFrame(Utf8.Bytes("1"), 200, Utf8.Bytes("{}"));

        Assert.Equal("""{"type":"response","msgId":1,"status":200,"body":{}}""", JsonSerializer.Serialize(frame));
    }

    [Fact]
    public void Deserialize_ResponseFrame_IsNotSupported()
    {
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Deserialize<ResponseFrame>("""{"type":"response"}"""));
    }
}
