using System.Buffers;
using System.Text;
using SignalRPub.RawWebSockets;
using SignalRPub.Tests.TestSupport;

namespace SignalRPub.Tests.RawWebSockets;

public sealed class UpgradeHeadParserTests
{
    private const string Entry = "/msg-pub";
    private const string Key = "dGhlIHNhbXBsZSBub25jZQ==";
    private const int MaxHeaders = 100;

    private static readonly Func<string, bool> s_isEntry = path => path == Entry;

    [Fact]
    public void Parse_CompleteUpgradeToEntry_IsUpgradeWithPathKeyOriginAndLength()
    {
        var head = Head(Entry, "Origin: https://app.example.com");

        var verdict = Parse(head + "\x81\x85rest", out var parsed);

        Assert.Equal(HeadVerdict.Upgrade, verdict);
        Assert.Equal(new UpgradeHead(Entry, Key, "https://app.example.com", head.Length), parsed);
    }

    [Fact]
    public void Parse_QueryString_IsLeftOffThePath()
    {
        Assert.Equal(HeadVerdict.Upgrade, Parse(Head(Entry + "?token=a&b=/x"), out var parsed));
        Assert.Equal(Entry, parsed!.Path);
        Assert.Null(parsed.Origin);
    }

    [Fact]
    public void Parse_EveryShorterPrefixOfAnUpgrade_NeedsMore()
    {
        var head = Head(Entry);

        for (var length = 0; length < head.Length; length++)
        {
            Assert.True(Parse(head[..length], out _) == HeadVerdict.NeedMore, $"At {length}: '{head[..length]}'.");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(40)]
    public void Parse_HeadOverManySegments_IsTheSameAsInOne(int piece)
    {
        var bytes = Encoding.ASCII.GetBytes(Head(Entry));
        var cuts = Enumerable.Range(1, (bytes.Length - 1) / piece).Select(i => i * piece).ToArray();

        var verdict = UpgradeHeadParser.Parse(BufferSegment.Split(bytes, cuts), s_isEntry, MaxHeaders, out var parsed);

        Assert.Equal(HeadVerdict.Upgrade, verdict);
        Assert.Equal(bytes.Length, parsed!.Length);
    }

    [Theory]
    [InlineData("POST /msg-pub HTTP/1.1\r\n")]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")]
    [InlineData("\x16\x03\x01\x02\x00\x01")]
    [InlineData("get /msg-pub HTTP/1.1\r\n")]
    [InlineData("GET /healthz HTTP/1.1\r\n")]
    [InlineData("GET /hub?id=1 HTTP/1.1\r\n")]
    [InlineData("GET /msg-pub HTTP/1.0\r\n")]
    [InlineData("GET /msg-pub HTTP/1.1\n")]
    [InlineData("GET /msg-pub\tHTTP/1.1\r\n")]
    [InlineData("GET  /msg-pub HTTP/1.1\r\n")]
    [InlineData("GET http://host/msg-pub HTTP/1.1\r\n")]
    [InlineData("GET /msg%2Dpub HTTP/1.1\r\n")]
    [InlineData("GET /./msg-pub HTTP/1.1\r\n")]
    public void Parse_AnythingButAGetOfAnEntry_PassesOnceTheRequestLineTells(string start)
    {
        Assert.Equal(HeadVerdict.PassToHttp, Parse(start, out _));
    }

    [Theory]
    [InlineData("Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n", "no key")]
    [InlineData("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 13\r\n", "no host")]
    [InlineData("Host: 127.0.0.1\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 13\r\n", "no upgrade")]
    [InlineData("Host: 127.0.0.1\r\nUpgrade: h2c\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 13\r\n", "another upgrade")]
    [InlineData("Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: keep-alive\r\nSec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 13\r\n", "connection without upgrade")]
    [InlineData("Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 8\r\n", "version 8")]
    [InlineData("Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: c2hvcnQ=\r\nSec-WebSocket-Version: 13\r\n", "short key")]
    [InlineData("Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: not base64 at all!!!!!!\r\nSec-WebSocket-Version: 13\r\n", "key not base64")]
    [InlineData("Host: 127.0.0.1\r\nUpgrade: websocket\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 13\r\n", "repeated upgrade")]
    [InlineData("Host: a\r\nHost: b\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 13\r\n", "two hosts")]
    [InlineData("Host: a b\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 13\r\n", "odd host")]
    [InlineData("Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 13\r\nContent-Length: 0\r\n", "a body length")]
    [InlineData("Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 13\r\nTransfer-Encoding: chunked\r\n", "a chunked body")]
    [InlineData("Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n folded\r\nSec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 13\r\n", "a folded line")]
    [InlineData("Host : 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 13\r\n", "space before the colon")]
    [InlineData("Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 13\r\nX-Bad: a\nb\r\n", "a bare LF")]
    [InlineData("Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 13\r\nX-Bad: caf\u00e9\r\n", "not ASCII")]
    [InlineData("Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 13\r\nNo colon here\r\n", "a line without a colon")]
    [InlineData("Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Key + "\r\nSec-WebSocket-Version: 13\r\nOrigin: a\r\nOrigin: b\r\n", "two origins")]
    public void Parse_CompleteHeadThatIsNotACleanUpgrade_Passes(string fields, string what)
    {
        Assert.True(Parse($"GET {Entry} HTTP/1.1\r\n{fields}\r\n", out _) == HeadVerdict.PassToHttp, what);
    }

    [Theory]
    [InlineData("Connection: keep-alive, Upgrade", "Upgrade: websocket")]
    [InlineData("connection: upgrade", "UPGRADE: WebSocket")]
    [InlineData("Connection:Upgrade", "Upgrade:\twebsocket ")]
    public void Parse_ListsAndAnyCase_AreUpgrades(string connection, string upgrade)
    {
        var head = $"GET {Entry} HTTP/1.1\r\nHost: [::1]:9080\r\n{upgrade}\r\n{connection}\r\nsec-websocket-key: {Key}\r\nSEC-WEBSOCKET-VERSION: 13\r\n\r\n";

        Assert.Equal(HeadVerdict.Upgrade, Parse(head, out _));
    }

    [Fact]
    public void Parse_MoreHeaderFieldsThanKestrelTakes_Passes()
    {
        var extra = Enumerable.Range(0, MaxHeaders).Select(i => $"X-{i}: {i}").ToArray();

        Assert.Equal(HeadVerdict.PassToHttp, Parse(Head(Entry, extra), out _));
    }

    [Fact]
    public void Parse_HeadOverTheCap_Passes()
    {
        var head = Head(Entry, "X-Padding: " + new string('a', UpgradeHeadParser.MaxHeadBytes));

        Assert.Equal(HeadVerdict.PassToHttp, Parse(head, out _));
        Assert.Equal(HeadVerdict.PassToHttp, Parse(head[..UpgradeHeadParser.MaxHeadBytes], out _));
        Assert.Equal(HeadVerdict.NeedMore, Parse(head[..(UpgradeHeadParser.MaxHeadBytes - 1)], out _));
    }

    [Fact]
    public void Parse_RequestLineOverTheCap_Passes()
    {
        Assert.Equal(HeadVerdict.PassToHttp, Parse("GET /" + new string('a', UpgradeHeadParser.MaxHeadBytes), out _));
    }

    [Fact]
    public void Parse_RandomBytes_NeverThrowAndOnlyACleanHeadIsAnUpgrade()
    {
        var random = new Random(13);
        var head = Encoding.ASCII.GetBytes(Head(Entry));
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = (byte[])head.Clone();
            var changes = random.Next(1, 4);
            for (var c = 0; c < changes; c++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            bytes = bytes[..random.Next(bytes.Length + 1)];
            var verdict = UpgradeHeadParser.Parse(new ReadOnlySequence<byte>(bytes), s_isEntry, MaxHeaders, out var parsed);

            // Whatever the change, an upgrade is a head the parser read whole and found clean.
            if (verdict == HeadVerdict.Upgrade)
            {
                Assert.Equal(Entry, parsed!.Path);
                Assert.True(parsed.Length <= bytes.Length);
                Assert.Equal("\r\n\r\n"u8.ToArray(), bytes[(parsed.Length - 4)..parsed.Length]);
            }
        }
    }

    private static string Head(string target, params string[] extra) =>
        $"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:9080\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {Key}\r\nSec-WebSocket-Version: 13\r\n"
        + string.Concat(extra.Select(line => line + "\r\n")) + "\r\n";

    private static HeadVerdict Parse(string text, out UpgradeHead? head) =>
        UpgradeHeadParser.Parse(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(text)), s_isEntry, MaxHeaders, out head);
}
