using System.Buffers;
using MessagePack;
using SignalRPub.Protocol;
using SignalRPub.Tests.TestSupport;

namespace SignalRPub.Tests.Protocol;

public class MessagePackJsonTests
{
    [Theory]
    [InlineData("""{"a":1,"b":[true,false,null],"c":"x"}""")]
    [InlineData("""{"nested":{"deep":[{"k":"v"},[]]},"empty":{}}""")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("[1,-2,3]")]
    [InlineData("\"hello\"")]
    [InlineData("\"\"")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("127")]
    [InlineData("4294967296")]
    [InlineData("-9223372036854775808")]
    [InlineData("9223372036854775807")]
    [InlineData("9223372036854775808")]
    [InlineData("18446744073709551615")]
    [InlineData("1.5")]
    [InlineData("-0.25")]
    [InlineData("12.34")]
    [InlineData("true")]
    [InlineData("false")]
    [InlineData("null")]
    public void RoundTrip_JsonValue_ComesBackEqual(string json)
    {
        Assert.Equal(json, RoundTrip(json));
    }

    [Fact]
    public void RoundTrip_NonAsciiString_KeepsText()
    {
        var back = RoundTrip("\"行情 é\"");

        Assert.Equal("行情 é", System.Text.Json.JsonSerializer.Deserialize<string>(back));
    }

    [Fact]
    public void WriteJson_LargeUnsigned_IsWrittenAsUInt64()
    {
        var bytes = Pack("18446744073709551615");

        Assert.Equal(MessagePackCode.UInt64, bytes[0]);
    }

    [Fact]
    public void WriteJson_EmptySpan_WritesNil()
    {
        var bytes = Pack(string.Empty);

        Assert.Equal([MessagePackCode.Nil], bytes);
    }

    [Fact]
    public void ReadAsJson_IntegerMapKey_BecomesStringKey()
    {
        var bytes = Build(static (ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(1);
            w.Write(1);
            w.Write("a");
        });

        Assert.Equal("""{"1":"a"}""", Unpack(bytes));
    }

    [Fact]
    public void ReadAsJson_Binary_BecomesBase64String()
    {
        var bytes = Build(static (ref MessagePackWriter w) => w.Write(new byte[] { 1, 2, 3 }));

        Assert.Equal("\"AQID\"", Unpack(bytes));
    }

    [Fact]
    public void ReadAsJson_Float32_BecomesNumber()
    {
        var bytes = Build(static (ref MessagePackWriter w) => w.Write(0.5f));

        Assert.Equal("0.5", Unpack(bytes));
    }

    [Fact]
    public void ReadAsJson_NestedDeeperThan64_Throws()
    {
        var bytes = Build(static (ref MessagePackWriter w) =>
        {
            for (var i = 0; i < 70; i++)
            {
                w.WriteArrayHeader(1);
            }

            w.WriteNil();
        });

        Assert.Throws<MessagePackSerializationException>(() => Unpack(bytes));
    }

    [Fact]
    public void ReadAsJson_BooleanMapKey_Throws()
    {
        var bytes = Build(static (ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(1);
            w.Write(true);
            w.Write(1);
        });

        Assert.Throws<MessagePackSerializationException>(() => Unpack(bytes));
    }

    [Theory]
    [InlineData("""{"a":1,"b":2,"a":3}""", """{"a":3,"b":2}""")]
    [InlineData("""{"a":1,"\u0061":2}""", """{"a":2}""")]
    [InlineData("""{"x":{"k":1,"k":{"k":2,"k":3}}}""", """{"x":{"k":{"k":3}}}""")]
    public void WriteJson_RepeatedName_IsWrittenOnceWithItsLastValue(string json, string expected)
    {
        Assert.Equal(expected, RoundTrip(json));
    }

    [Fact]
    public void WriteJson_LargeObjectWithRepeatedName_IsWrittenOnceWithItsLastValue()
    {
        var names = Enumerable.Range(0, 40).Select(i => $"\"n{i}\":{i}").Append("\"n7\":\"last\"");
        var back = RoundTrip("{" + string.Join(",", names) + "}");

        using var document = System.Text.Json.JsonDocument.Parse(back);
        Assert.Equal(40, document.RootElement.EnumerateObject().Count());
        Assert.Equal("last", document.RootElement.GetProperty("n7").GetString());
    }

    [Fact]
    public void ReadAsJson_StringNotUtf8_Throws()
    {
        var bytes = Build(static (ref MessagePackWriter w) => w.WriteString(new byte[] { 0x61, 0xFF, 0x62 }));

        Assert.Throws<MessagePackSerializationException>(() => Unpack(bytes));
    }

    [Fact]
    public void ReadAsJson_MapKeyNotUtf8_Throws()
    {
        var bytes = Build(static (ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(1);
            w.WriteString(new byte[] { 0xED, 0xB0, 0x80 });
            w.Write(1);
        });

        Assert.Throws<MessagePackSerializationException>(() => Unpack(bytes));
    }

    private delegate void WriteAction(ref MessagePackWriter writer);

    private static string RoundTrip(string json) => Unpack(Pack(json));

    private static byte[] Pack(string json)
    {
        var utf8 = Utf8.Bytes(json);
        return Build((ref MessagePackWriter w) => MessagePackJson.WriteJson(ref w, utf8));
    }

    private static byte[] Build(WriteAction write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        write(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static string Unpack(byte[] bytes)
    {
        var reader = new MessagePackReader(bytes);
        var json = MessagePackJson.ReadAsJson(ref reader);
        Assert.True(reader.End);
        return Utf8.Text(json);
    }
}
