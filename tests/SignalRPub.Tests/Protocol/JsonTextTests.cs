using System.Buffers;
using System.Text;
using SignalRPub.Protocol;
using SignalRPub.Tests.TestSupport;

namespace SignalRPub.Tests.Protocol;

public class JsonTextTests
{
    [Theory]
    [InlineData("""{"topic":"a","data":{"last":12.34}}""")]
    [InlineData("""[1,2,3]""")]
    [InlineData("\"plain\"")]
    [InlineData("42")]
    [InlineData("""{"s":"\ud83d\ude00"}""")]
    [InlineData("""{"s":"\u00e9\n\t\\\"\/"}""")]
    [InlineData("""{"\ud83d\ude00":1}""")]
    [InlineData("""{"s":"张三"}""")]
    [InlineData("""{"s":"\uD83D\uDE00 and \uFFFD"}""")]
    public void Validate_WellFormedText_IsValid(string json)
    {
        Assert.Null(JsonText.Validate(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("""{"s":"\udc00"}""")]
    [InlineData("""{"s":"\ud800"}""")]
    [InlineData("""{"s":"\ud800x"}""")]
    [InlineData("""{"s":"\ud800\n"}""")]
    [InlineData("""{"s":"\ud800\ud800"}""")]
    [InlineData("""{"s":"a\uDE00b"}""")]
    [InlineData("""{"\udc00":1}""")]
    [InlineData("""["ok","\ud83d"]""")]
    public void Validate_LoneSurrogateEscape_IsRefused(string json)
    {
        Assert.Contains("not valid UTF-8", JsonText.Validate(Encoding.UTF8.GetBytes(json)));
    }

    public static TheoryData<byte[]> InvalidUtf8 => new()
    {
        Bytes("{\"data\":\"a", [0xFF, 0xFE], "b\"}"),
        Bytes("{\"data\":\"", [0xC0, 0xAF], "\"}"),
        Bytes("{\"data\":\"", [0xED, 0xA0, 0x80], "\"}"),
        Bytes("{\"", [0x80], "\":1}"),
        Bytes("{\"data\":\"", [0xE4, 0xB8], "\"}"),
        Bytes("{\"data\":\"\\n", [0xF5, 0x80, 0x80, 0x80], "\"}"),
    };

    [Theory]
    [MemberData(nameof(InvalidUtf8))]
    public void Validate_InvalidUtf8_IsRefused(byte[] json)
    {
        Assert.Contains("not valid UTF-8", JsonText.Validate(json));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"a\":1} {}")]
    [InlineData("{\"a\":1}x")]
    [InlineData("nul")]
    [InlineData("{'a':1}")]
    public void Validate_NotOneJsonValue_IsRefused(string json)
    {
        Assert.NotNull(JsonText.Validate(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Validate_DeeperThanMaxDepth_IsRefused()
    {
        var json = Encoding.UTF8.GetBytes(new string('[', 9) + new string(']', 9));

        Assert.Null(JsonText.Validate(json, maxDepth: 9));
        Assert.NotNull(JsonText.Validate(json, maxDepth: 8));
    }

    [Fact]
    public void Validate_Sequence_ChecksStringsAcrossSegments()
    {
        var valid = Encoding.UTF8.GetBytes("""{"s":"\ud83d\ude00 long enough to be split in the middle"}""");
        var invalid = Encoding.UTF8.GetBytes("""{"s":"\ud83d long enough to be split in the middle"}""");

        Assert.Null(JsonText.Validate(BufferSegment.Split(valid, 9)));
        Assert.NotNull(JsonText.Validate(BufferSegment.Split(invalid, 9)));
    }

    private static byte[] Bytes(string before, byte[] middle, string after) =>
        [.. Encoding.UTF8.GetBytes(before), .. middle, .. Encoding.UTF8.GetBytes(after)];
}
