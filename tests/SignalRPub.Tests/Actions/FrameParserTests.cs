using SignalRPub.Actions;
using SignalRPub.Protocol;
using SignalRPub.Tests.TestSupport;

namespace SignalRPub.Tests.Actions;

public class FrameParserTests
{
    private const string SeedFrame =
        """{"uri":"/60150/ormp/subscribe/accountSubscribe","header":{"ts":132132132,"msgId":"2","Content-Type":"json","client-metadata":{}},"body":{"topics":["hq_100001_129","hq_100001_123"]}}""";

    [Fact]
    public void Parse_SeedFrame_ReadsEveryPart()
    {
        var request = Parse(SeedFrame);

        Assert.Equal("/60150/ormp/subscribe/accountSubscribe", request.Path);
        Assert.Equal(string.Empty, request.Query);
        Assert.Equal("POST", request.Method);
        Assert.Equal(
            [new("ts", "132132132"), new("msgId", "2"), new("Content-Type", "json"), new KeyValuePair<string, string>("client-metadata", "{}")],
            request.Headers);
        JsonAssert.Equal("""{"topics":["hq_100001_129","hq_100001_123"]}""", request.Body);
        Assert.Equal("\"2\"", Utf8.Text(request.MsgId));
        Assert.False(request.IsHttp);
    }

    [Fact]
    public void Parse_HeadersKey_IsReadLikeHeader()
    {
        var request = Parse("""{"uri":"/a","headers":{"msgId":"3","ts":"1"}}""");

        Assert.Equal([new("msgId", "3"), new KeyValuePair<string, string>("ts", "1")], request.Headers);
        Assert.Equal("\"3\"", Utf8.Text(request.MsgId));
    }

    [Theory]
    [InlineData("""{"uri":"/a","header":{"msgId":2}}""", "2")]
    [InlineData("""{"uri":"/a","header":{"msgId":"2"}}""", "\"2\"")]
    [InlineData("""{"uri":"/a","header":{"msgId":12345678901234}}""", "12345678901234")]
    [InlineData("""{"uri":"/a","msgId":5}""", "5")]
    [InlineData("""{"uri":"/a","msgId":"top"}""", "\"top\"")]
    [InlineData("""{"uri":"/a","header":{"ts":1},"msgId":"top"}""", "\"top\"")]
    [InlineData("""{"uri":"/a","header":{"msgId":"in-header"},"msgId":"top"}""", "\"in-header\"")]
    public void Parse_MsgId_IsKeptAsGiven(string frame, string expected)
    {
        Assert.Equal(expected, Utf8.Text(Parse(frame).MsgId));
    }

    [Theory]
    [InlineData("""{"uri":"/a"}""")]
    [InlineData("""{"uri":"/a","header":{"ts":1}}""")]
    [InlineData("""{"uri":"/a","msgId":null}""")]
    [InlineData("""{"uri":"/a","header":{"msgId":null}}""")]
    public void Parse_NoMsgId_MsgIdIsEmpty(string frame)
    {
        Assert.True(Parse(frame).MsgId.IsEmpty);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{")]
    [InlineData("""{"uri":"/a",}""")]
    [InlineData("""{"uri":"/a"} trailing""")]
    [InlineData("{\"uri\":\"/a\",\"msgId\":\"9\"")]
    public void Parse_InvalidJson_AnswersInvalidJson400WithNullMsgId(string frame)
    {
        var error = ParseError(frame);

        Assert.Equal(400, error.Status);
        JsonAssert.IsError("invalid_json", error.Body);
        Assert.True(error.MsgId.IsEmpty);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""[{"uri":"/a"}]""")]
    [InlineData("1")]
    [InlineData("\"/a\"")]
    [InlineData("null")]
    [InlineData("true")]
    public void Parse_NotAnObject_AnswersBadRequest(string frame)
    {
        var error = ParseError(frame);

        Assert.Equal(400, error.Status);
        JsonAssert.IsError("bad_request", error.Body);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"body":{}}""")]
    [InlineData("""{"uri":null}""")]
    [InlineData("""{"uri":1}""")]
    [InlineData("""{"uri":""}""")]
    [InlineData("""{"uri":["/a"]}""")]
    [InlineData("""{"URI":"/a"}""")]
    public void Parse_NoStringUri_AnswersBadRequest(string frame)
    {
        var error = ParseError(frame);

        Assert.Equal(400, error.Status);
        JsonAssert.IsError("bad_request", error.Body);
    }

    [Fact]
    public void Parse_BadFrameWithMsgId_EchoesMsgId()
    {
        var error = ParseError("""{"header":{"msgId":"9"}}""");

        Assert.Equal("\"9\"", Utf8.Text(error.MsgId));
    }

    [Theory]
    [InlineData("""{"uri":"/a","header":"x"}""")]
    [InlineData("""{"uri":"/a","headers":[1]}""")]
    [InlineData("""{"uri":"/a","method":1}""")]
    public void Parse_BadHeaderOrMethod_AnswersBadRequest(string frame)
    {
        JsonAssert.IsError("bad_request", ParseError(frame).Body);
    }

    [Fact]
    public void Parse_NoMethod_DefaultsToPost()
    {
        Assert.Equal("POST", Parse("""{"uri":"/a"}""").Method);
    }

    [Fact]
    public void Parse_Method_IsKept()
    {
        Assert.Equal("GET", Parse("""{"uri":"/a","method":"GET"}""").Method);
    }

    [Theory]
    [InlineData("""{"uri":"/a"}""")]
    [InlineData("""{"uri":"/a","body":null}""")]
    public void Parse_NoBody_DefaultsToEmptyObject(string frame)
    {
        Assert.Equal("{}", Utf8.Text(Parse(frame).Body));
    }

    [Theory]
    [InlineData("""{"uri":"/a","body":{"topics":["x"]}}""", """{"topics":["x"]}""")]
    [InlineData("""{"uri":"/a","body":[1,2]}""", "[1,2]")]
    [InlineData("""{"uri":"/a","body":"text"}""", "\"text\"")]
    public void Parse_Body_IsKeptAsRawJson(string frame, string expected)
    {
        Assert.Equal(expected, Utf8.Text(Parse(frame).Body));
    }

    [Theory]
    [InlineData("/a/b?x=1&y=2", "/a/b", "?x=1&y=2")]
    [InlineData("/a/b?", "/a/b", "?")]
    [InlineData("/a/b", "/a/b", "")]
    [InlineData("/a?x=1?y", "/a", "?x=1?y")]
    public void Parse_UriWithQuery_SplitsPathAndQuery(string uri, string path, string query)
    {
        var request = Parse($$"""{"uri":"{{uri}}"}""");

        Assert.Equal(path, request.Path);
        Assert.Equal(query, request.Query);
    }

    [Theory]
    [InlineData("132132132", "132132132")]
    [InlineData("1.5", "1.5")]
    [InlineData("true", "true")]
    [InlineData("null", "null")]
    [InlineData("{}", "{}")]
    [InlineData("""{"app":"x","v":2}""", """{"app":"x","v":2}""")]
    [InlineData("[1,\"a\"]", "[1,\"a\"]")]
    [InlineData("\"text\"", "text")]
    [InlineData("\"\"", "")]
    public void Parse_HeaderValue_StringKeptOtherwiseJsonEncoded(string value, string expected)
    {
        var request = Parse($$$"""{"uri":"/a","header":{"client-metadata":{{{value}}}}}""");

        Assert.Equal([new KeyValuePair<string, string>("client-metadata", expected)], request.Headers);
    }

    [Theory]
    [InlineData("""{"name":"张三"}""", """{"name":"\u5F20\u4E09"}""")]
    [InlineData("""["é"]""", """["\u00E9"]""")]
    public void Parse_HeaderValueWithNonAscii_JsonEncodedWithEscapes(string value, string expected)
    {
        var request = Parse($$$"""{"uri":"/a","header":{"client-metadata":{{{value}}}}}""");

        Assert.Equal([new KeyValuePair<string, string>("client-metadata", expected)], request.Headers);
    }

    [Fact]
    public void Parse_NoHeader_HasNoHeaders()
    {
        Assert.Empty(Parse("""{"uri":"/a"}""").Headers);
    }

    private static ActionRequest Parse(string frame)
    {
        var request = FrameParser.Parse(Utf8.Bytes(frame), out var error);
        Assert.Null(error);
        Assert.NotNull(request);
        return request;
    }

    private static FrameAnswer ParseError(string frame)
    {
        var request = FrameParser.Parse(Utf8.Bytes(frame), out var error);
        Assert.Null(request);
        Assert.NotNull(error);
        return error;
    }
}
