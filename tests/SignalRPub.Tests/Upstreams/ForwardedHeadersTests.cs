using SignalRPub.Upstreams;

namespace SignalRPub.Tests.Upstreams;

public class ForwardedHeadersTests
{
    [Theory]
    [InlineData("Connection")]
    [InlineData("Keep-Alive")]
    [InlineData("Proxy-Connection")]
    [InlineData("TE")]
    [InlineData("Trailer")]
    [InlineData("Transfer-Encoding")]
    [InlineData("Upgrade")]
    [InlineData("Proxy-Authenticate")]
    [InlineData("Proxy-Authorization")]
    [InlineData("Host")]
    [InlineData("content-length")]
    [InlineData("Content-Type")]
    [InlineData("X-API-KEY")]
    [InlineData("connId")]
    [InlineData("X-Action")]
    [InlineData("x-connection-id")]
    [InlineData("X-Forwarded-For")]
    [InlineData("X-Real-IP")]
    public void Select_HeaderTheGatewayOwns_Dropped(string name)
    {
        var kept = Select((name, "x"), ("ts", "1"));

        Assert.Equal([new KeyValuePair<string, string>("ts", "1")], kept);
    }

    [Fact]
    public void Select_HeadersNamedByConnection_Dropped()
    {
        var kept = Select(("ts", "1"), ("Connection", "close, X-Hop ,x-other"), ("X-Hop", "a"), ("X-Other", "b"), ("X-Kept", "c"));

        Assert.Equal([new("ts", "1"), new KeyValuePair<string, string>("X-Kept", "c")], kept);
    }

    [Fact]
    public void Select_EndToEndHeaders_KeptInOrderAsGiven()
    {
        (string, string)[] headers = [("ts", "132132132"), ("msgId", "2"), ("Authorization", "Bearer abc"), ("client-metadata", """{"app":"web"}"""), ("X-Empty", ""), ("X-Tab", "a\tb ~")];

        var kept = Select(headers);

        Assert.Equal(headers.Select(h => new KeyValuePair<string, string>(h.Item1, h.Item2)), kept);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a:b")]
    [InlineData("a\r\nb")]
    [InlineData("(x)")]
    [InlineData("a/b")]
    [InlineData("caf\u00e9")]
    [InlineData("a\u0000")]
    public void Select_NameNotAToken_RefusedNamingIt(string name)
    {
        var kept = ForwardedHeaders.Select([new("ts", "1"), new(name, "1")], out var error);

        Assert.Null(kept);
        Assert.Contains($"'{name}'", error);
    }

    [Theory]
    [InlineData("caf\u00e9")]
    [InlineData("a\r\nX-Injected: 1")]
    [InlineData("a\rb")]
    [InlineData("a\nb")]
    [InlineData("a\u0000b")]
    [InlineData("a\u007fb")]
    [InlineData("\ud83d\ude00")]
    public void Select_ValueThatCannotBeSent_RefusedNamingTheHeader(string value)
    {
        var kept = ForwardedHeaders.Select([new("X-Bad", value)], out var error);

        Assert.Null(kept);
        Assert.Contains("'X-Bad'", error);
    }

    [Fact]
    public void Select_BadHeaderThatWouldBeDropped_StillRefused()
    {
        Assert.Null(ForwardedHeaders.Select([new("Host", "caf\u00e9")], out _));
    }

    [Fact]
    public void Select_VeryLongBadName_ShortenedInTheError()
    {
        var name = new string('a', 1000) + " ";

        ForwardedHeaders.Select([new(name, "1")], out var error);

        Assert.True(error!.Length < 300, error);
    }

    private static List<KeyValuePair<string, string>> Select(params (string Name, string Value)[] headers)
    {
        var kept = ForwardedHeaders.Select([.. headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value))], out var error);
        Assert.Null(error);
        return kept!;
    }
}
