using System.Text.Json;
using SignalRPub.Protocol;
using SignalRPub.Tests.TestSupport;

namespace SignalRPub.Tests.Protocol;

public class PushFrameJsonConverterTests
{
    [Theory]
    [InlineData("""{"last":12.34}""")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void Serialize_PushFrame_WritesTopicAndData(string data)
    {
        var frame = new PushFrame("hq_100001_129", Utf8.Bytes(data));

        Assert.Equal($$"""{"topic":"hq_100001_129","data":{{data}}}""", JsonSerializer.Serialize(frame));
    }

    [Fact]
    public void Serialize_EmptyData_WritesNull()
    {
        Assert.Equal("""{"topic":"t","data":null}""", JsonSerializer.Serialize(new PushFrame("t", ReadOnlyMemory<byte>.Empty)));
    }

    [Fact]
    public void Serialize_TopicNeedingEscapes_IsEscaped()
    {
        var json = JsonSerializer.Serialize(new PushFrame("a\"b", Utf8.Bytes("1")));

        Assert.Equal("a\"b", JsonDocument.Parse(json).RootElement.GetProperty("topic").GetString());
    }

    [Fact]
    public void Deserialize_PushFrame_IsNotSupported()
    {
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Deserialize<PushFrame>("""{"topic":"t"}"""));
    }
}
