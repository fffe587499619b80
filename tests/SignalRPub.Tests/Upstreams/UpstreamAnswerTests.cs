using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SignalRPub.Upstreams;

namespace SignalRPub.Tests.Upstreams;

public class UpstreamAnswerTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(40_000)]
    public async Task ReadAsync_AtMostTheCap_ReadWhole(int length)
    {
        var body = await UpstreamAnswer.ReadAsync(Streamed(length), maxBytes: 40_000, CancellationToken.None);

        Assert.Equal(length, body!.Length);
    }

    [Theory]
    [InlineData(101)]
    [InlineData(1_000_000)]
    public async Task ReadAsync_OverTheCap_Null(int length)
    {
        Assert.Null(await UpstreamAnswer.ReadAsync(Streamed(length), maxBytes: 100, CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_AnnouncedLengthOverTheCap_NullWithoutReading()
    {
        var content = new StreamContent(new UnreadableStream());
        content.Headers.ContentLength = 101;

        Assert.Null(await UpstreamAnswer.ReadAsync(content, maxBytes: 100, CancellationToken.None));
    }

    [Theory]
    [InlineData("""{"a":1}""")]
    [InlineData("""  [1, "é", {"b":null}] """)]
    [InlineData("\"\\ud83d\\ude00\"")]
    [InlineData("42")]
    public void AsJson_ValidJsonText_KeptByteForByte(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);

        Assert.Equal(body, UpstreamAnswer.AsJson(body).ToArray());
    }

    [Fact]
    public void AsJson_Empty_Empty()
    {
        Assert.True(UpstreamAnswer.AsJson([]).IsEmpty);
    }

    [Theory]
    [InlineData("not json", "not json")]
    [InlineData("""{"a":1} {"b":2}""", """{"a":1} {"b":2}""")]
    [InlineData("""{"s":"\udc00"}""", """{"s":"\udc00"}""")]
    [InlineData("<html>", "<html>")]
    public void AsJson_NotJsonText_JsonStringOfTheText(string text, string expected)
    {
        var json = UpstreamAnswer.AsJson(Encoding.UTF8.GetBytes(text));

        Assert.Equal(expected, JsonSerializer.Deserialize<string>(json.Span));
    }

    [Fact]
    public void AsJson_InvalidUtf8_JsonStringWithReplacementCharacters()
    {
        byte[] body = [.. "{\"s\":\"a"u8, 0xFF, 0xC0, 0xAF, .. "b\"}"u8];

        var json = UpstreamAnswer.AsJson(body);

        Assert.Equal("{\"s\":\"a\uFFFD\uFFFD\uFFFDb\"}", JsonSerializer.Deserialize<string>(json.Span));
    }

    private static HttpContent Streamed(int length)
    {
        var content = new StreamContent(new MemoryStream(new byte[length]));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>A stream that fails the test when read.</summary>
    private sealed class UnreadableStream : MemoryStream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("read");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw new InvalidOperationException("read");
    }
}
