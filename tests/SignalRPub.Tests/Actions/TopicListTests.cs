using System.Text.Json;
using SignalRPub.Actions;

namespace SignalRPub.Tests.Actions;

public class TopicListTests
{
    [Fact]
    public void Read_ValidTopics_ReturnsThemInOrder()
    {
        var topics = Read("""{"topics":["b","a","b"]}""", 10, out var code, out var error);

        Assert.Equal(["b", "a", "b"], topics);
        Assert.Null(code);
        Assert.Null(error);
    }

    [Fact]
    public void Read_EmptyList_ReturnsEmpty()
    {
        Assert.Empty(Read("""{"topics":[]}""", 10, out _, out _)!);
    }

    [Theory]
    [InlineData("""{"topics":[""]}""")]
    [InlineData("""{"topics":["ok","a b"]}""")]
    [InlineData("""{"topics":["tab\t"]}""")]
    [InlineData("""{"topics":["ctl\u0001"]}""")]
    public void Read_InvalidTopic_ReturnsInvalidTopic(string body)
    {
        Assert.Null(Read(body, 10, out var code, out var error));
        Assert.Equal("invalid_topic", code);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Read_TopicOver256Characters_ReturnsInvalidTopic()
    {
        var body = JsonSerializer.Serialize(new { topics = new[] { new string('t', 257) } });

        Assert.Null(Read(body, 10, out var code, out _));
        Assert.Equal("invalid_topic", code);
    }

    [Theory]
    [InlineData("$all")]
    [InlineData("$conn:abc")]
    [InlineData("$user:u1")]
    [InlineData("$x")]
    public void Read_DollarTopic_ReturnsInvalidTopicSayingReserved(string topic)
    {
        Assert.Null(Read(JsonSerializer.Serialize(new { topics = new[] { "ok", topic } }), 10, out var code, out var error));
        Assert.Equal("invalid_topic", code);
        Assert.Contains("reserved", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MoreTopicsThanLimit_ReturnsTooManyTopics()
    {
        Assert.Null(Read("""{"topics":["a","b","c"]}""", 2, out var code, out var error));
        Assert.Equal("too_many_topics", code);
        Assert.Contains("2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TopicsAtLimit_ReturnsThem()
    {
        Assert.Equal(["a", "b"], Read("""{"topics":["a","b"]}""", 2, out _, out _));
    }

    [Theory]
    [InlineData("""[]""")]
    [InlineData("""{}""")]
    [InlineData("""{"topic":"a"}""")]
    [InlineData("""{"topics":"a"}""")]
    [InlineData("""{"topics":null}""")]
    [InlineData("""{"topics":[1]}""")]
    [InlineData("""{"topics":["a",null]}""")]
    [InlineData("""{"topics":[["a"]]}""")]
    public void Read_NotATopicsArrayOfStrings_ReturnsBadRequest(string body)
    {
        Assert.Null(Read(body, 10, out var code, out var error));
        Assert.Equal("bad_request", code);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData("""{"topics":[]}""", true)]
    [InlineData("""{"topics":["a"],"ok":true}""", true)]
    [InlineData("""{"topics":"a"}""", false)]
    [InlineData("""{"ok":true}""", false)]
    [InlineData("""["a"]""", false)]
    [InlineData("null", false)]
    public void HasTopics_UpstreamBody_TrueOnlyForTopicsArray(string body, bool expected)
    {
        using var document = JsonDocument.Parse(body);

        Assert.Equal(expected, TopicList.HasTopics(document.RootElement));
    }

    private static List<string>? Read(string body, int max, out string? code, out string? error)
    {
        using var document = JsonDocument.Parse(body);
        return TopicList.Read(document.RootElement, max, out code, out error);
    }
}
