using System.Text.Json;
using MessagePack;
using SignalRPub.Client.Internal;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Clients.DotNet;

public sealed class JsonElementMessagePackFormatterTests
{
    [Theory]
    [InlineData("""{"uri":"/a","header":{"msgId":"1"},"body":{"topics":["x","y"]}}""")]
    [InlineData("""[1,-2,3.5,18446744073709551615,-9223372036854775808,true,false,null,"张三",{}]""")]
    [InlineData("\"text\"")]
    public void RoundTrip_JsonValue_ComesBackEqual(string json)
    {
        var value = JsonSerializer.Deserialize<JsonElement>(json);

        var bytes = MessagePackSerializer.Serialize(value, JsonElementMessagePackFormatter.Options);
        var back = MessagePackSerializer.Deserialize<JsonElement>(bytes, JsonElementMessagePackFormatter.Options);

        JsonAssert.Equal(json, back);
    }

    [Fact]
    public void Deserialize_BinaryIntegerKeysAndInfinity_BecomeJson()
    {
        var bytes = MessagePackSerializer.Serialize(
            new Dictionary<object, object> { [1] = new byte[] { 1, 2, 3 }, ["inf"] = double.PositiveInfinity, ["nan"] = double.NaN },
            MessagePackSerializerOptions.Standard);

        var value = MessagePackSerializer.Deserialize<JsonElement>(bytes, JsonElementMessagePackFormatter.Options);

        JsonAssert.Equal("""{"1":"AQID","inf":"Infinity","nan":"NaN"}""", value);
    }
}
