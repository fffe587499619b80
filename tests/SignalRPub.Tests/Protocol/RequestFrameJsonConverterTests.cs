using System.Text.Json;
using SignalRPub.Protocol;
using SignalRPub.Tests.TestSupport;

namespace SignalRPub.Tests.Protocol;

public class RequestFrameJsonConverterTests
{
    [Theory]
    [InlineData("""{"uri":"/a","header":{"msgId":2},"body":{"topics":["x"]}}""")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    public void Deserialize_AnyJsonValue_KeepsItRaw(string json)
    {
        var frame = JsonSerializer.Deserialize<RequestFrame>(json);

        Assert.Equal(json, Utf8.Text(frame!.Utf8Json));
    }

    [Fact]
    public void Deserialize_InsideArguments_TakesOnlyItsValue()
    {
        var frames = JsonSerializer.Deserialize<RequestFrame[]>("""[{"uri":"/a"},{"uri":"/b"}]""");

        Assert.Equal(["""{"uri":"/a"}""", """{"uri":"/b"}"""], frames!.Select(f => Utf8.Text(f.Utf8Json)));
    }

    [Fact]
    public void Serialize_RequestFrame_WritesItsJson()
    {
        Assert.Equal("""{"uri":"/a"}""", JsonSerializer.Serialize(new RequestFrame(Utf8.Bytes("""{"uri":"/a"}"""))));
    }
}
