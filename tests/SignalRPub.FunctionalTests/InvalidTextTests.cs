using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using MessagePack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>
/// PROTOCOL.md §8, text: what is not valid UTF-8, or holds a lone surrogate escape, is refused where it enters
/// (publish, frame, HTTP action, hub call) and never reaches, or drops, anyone else.
/// </summary>
public sealed class InvalidTextTests
{
    public static TheoryData<byte[]> InvalidUtf8 => new()
    {
        new byte[] { 0xFF, 0xFE },
        new byte[] { 0xC0, 0xAF },
        new byte[] { 0xED, 0xA0, 0x80 },
        new byte[] { 0xE4, 0xB8 },
    };

    public static TheoryData<string> PublishesWithLoneSurrogate => new()
    {
        """{"topic":"$all","data":{"s":"\udc00"}}""",
        """{"topic":"$all","data":"\ud800"}""",
        """{"topic":"$all","data":["ok","a\ud83db"]}""",
        """{"topic":"$all","data":{"\udc00":1}}""",
        """{"topic":"hq\udc00","data":1}""",
        """{"topics":["a","\udc00"],"data":1}""",
        """{"messages":[{"topic":"$all","data":1},{"topic":"$all","data":"\udfff"}]}""",
    };

    public static TheoryData<string> FramesWithLoneSurrogate => new()
    {
        $$$"""{"uri":"{{{SeedUris.SubAdd}}}\udc00","header":{"msgId":"9"},"body":{"topics":["a"]}}""",
        $$$"""{"uri":"{{{SeedUris.SubAdd}}}","header":{"msgId":"9"},"body":{"topics":["b\udc00"]}}""",
        $$$"""{"uri":"{{{SeedUris.SubAdd}}}","header":{"msgId":"9","x\ud800":"1"},"body":{"topics":["b"]}}""",
        $$$"""{"uri":"{{{SeedUris.SubAdd}}}","header":{"msgId":"9","client-metadata":"\udc00"},"body":{"topics":["b"]}}""",
        $$$"""{"uri":"{{{SeedUris.SubAdd}}}","header":{"msgId":"9\udc00"},"body":{"topics":["b"]}}""",
        $$$"""{"uri":"{{{SeedUris.SubAdd}}}","method":"\udc00","body":{"topics":["b"]}}""",
    };

    [Theory]
    [MemberData(nameof(InvalidUtf8))]
    public async Task Publish_InvalidUtf8InData_Is400InvalidJsonAndEveryReceiverStays(byte[] invalid)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var witnesses = await Witnesses.ConnectAsync(gateway);

        var body = Concat("""{"topic":"$all","data":"a""", invalid, "b\"}");
        var answer = await gateway.PostBytesAsync("/api/v1/publish", body, ("X-API-KEY", gateway.PublishKey));

        answer.AssertError(400, "invalid_json");
        await witnesses.AssertEachReceivesAsync(gateway);
    }

    [Theory]
    [MemberData(nameof(PublishesWithLoneSurrogate))]
    public async Task Publish_LoneSurrogateEscape_Is400InvalidJsonAndEveryReceiverStays(string body)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var witnesses = await Witnesses.ConnectAsync(gateway);

        var answer = await gateway.PublishJsonAsync(body);

        answer.AssertError(400, "invalid_json");
        await witnesses.AssertEachReceivesAsync(gateway);
    }

    [Theory]
    [MemberData(nameof(FramesWithLoneSurrogate))]
    public async Task Frame_LoneSurrogateEscape_Is400InvalidJsonAndChangesNothing(string frame)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a");

        await client.SendTextAsync(frame);
        var response = await client.NextResponseAsync();

        Frames.AssertError(response, 400, "invalid_json");
        JsonAssert.Null(JsonAssert.Property(response, "msgId"));
        Assert.Equal(["a"], await client.CurrentTopicsAsync());
    }

    [Theory]
    [MemberData(nameof(FramesWithLoneSurrogate))]
    public async Task Frame_LoneSurrogateEscapeBeforeRegister_Is400InvalidJsonAndSocketStaysOpen(string frame)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectAsync();

        await client.SendTextAsync(frame);
        Frames.AssertError(await client.NextResponseAsync(), 400, "invalid_json");

        await client.RegisterAsync();
    }

    [Theory]
    [MemberData(nameof(InvalidUtf8))]
    public async Task Frame_InvalidUtf8Text_ClosesThatSocketWith1007AndOthersStay(byte[] invalid)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var witnesses = await Witnesses.ConnectAsync(gateway);
        await using var client = await gateway.ConnectRegisteredAsync();

        var frame = Concat($$$"""{"uri":"{{{SeedUris.SubAdd}}}","body":{"topics":["a""", invalid, "\"]}}");
        await client.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true);
        var close = await client.WaitClosedAsync();

        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, close.Status);
        await witnesses.AssertEachReceivesAsync(gateway);
    }

    [Theory]
    [MemberData(nameof(InvalidUtf8))]
    public async Task HttpAction_InvalidUtf8Body_Is400InvalidJsonAndChangesNothing(byte[] invalid)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a");

        var body = Concat("""{"topics":["b""", invalid, "\"]}");
        var answer = await gateway.PostBytesAsync(SeedUris.SubAdd, body, client.Authorization);

        answer.AssertError(400, "invalid_json");
        Assert.Equal(["a"], await client.CurrentTopicsAsync());
    }

    [Theory]
    [InlineData("""{"topics":["b\udc00"]}""")]
    [InlineData("""{"topics":["b"],"extra":"\ud800"}""")]
    public async Task HttpAction_LoneSurrogateEscape_Is400InvalidJsonAndChangesNothing(string body)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a");

        var answer = await gateway.PostAsync(SeedUris.SubPut, body, client.Authorization);

        answer.AssertError(400, "invalid_json");
        Assert.Equal(["a"], await client.CurrentTopicsAsync());
    }

    [Theory]
    [InlineData(HubProtocolKind.Json)]
    [InlineData(HubProtocolKind.MessagePack)]
    public async Task Hub_LoneSurrogateInFrame_IsAnsweredWithResponseFrame400(HubProtocolKind protocol)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var hub = await RawHubSocket.ConnectAsync(gateway.HubUri(), protocol);

        // JSON carries the escape as sent; MessagePack carries the surrogate's three bytes (ED B0 80), which are not UTF-8.
        var response = protocol == HubProtocolKind.Json
            ? await hub.RequestAsync($$$"""{"uri":"{{{SeedUris.Register}}}\udc00","header":{"msgId":"1"}}""")
            : await hub.RequestAsync(MessagePackMap(("uri", Concat(SeedUris.Register, [0xED, 0xB0, 0x80], "")), ("header", null)));

        Frames.AssertError(response, 400, "invalid_json");
        Frames.AssertStatus(await hub.RequestAsync($$$"""{"uri":"{{{SeedUris.Register}}}","header":{"msgId":"2"}}"""), 200);
    }

    [Fact]
    public async Task Hub_MessagePackMapWithBooleanKey_IsAnsweredWithResponseFrame400()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var hub = await RawHubSocket.ConnectAsync(gateway.HubUri(), HubProtocolKind.MessagePack);

        var response = await hub.RequestAsync(Pack(static (ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(1);
            w.Write(true);
            w.Write("x");
        }));

        Frames.AssertError(response, 400, "invalid_json");
    }

    [Fact]
    public async Task Publisher_InvalidText_ThrowsArgumentExceptionAndSendsNothing()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a");

        await Assert.ThrowsAsync<ArgumentException>(() => gateway.Publisher.PublishAsync("a", Concat("\"", [0xFF], "\"")));
        await Assert.ThrowsAsync<ArgumentException>(() => gateway.Publisher.PublishAsync("a", Encoding.UTF8.GetBytes("\"\\udc00\"")));
        await gateway.PublishAsync("a", 1);

        Frames.AssertPush(await client.NextPushAsync(), "a", "1");
    }

    [Fact]
    public async Task BadFrames_DoNotWriteALogLineEach()
    {
        var logs = new CapturedLogs();
        await using var gateway = await TestGateway.StartAsync(o => o.ConfigureServices = s => s.AddSingleton<ILoggerProvider>(logs));
        await using var client = await gateway.ConnectAsync();

        for (var i = 0; i < 200; i++)
        {
            await client.SendTextAsync($$$"""{"uri":"/x\udc00","header":{"k\ud800":"v"}}""");
        }

        for (var i = 0; i < 200; i++)
        {
            Frames.AssertError(await client.NextResponseAsync(), 400, "invalid_json");
        }

        Assert.True(logs.Lines.Count(l => l.Level >= LogLevel.Information && l.Category.StartsWith("SignalRPub", StringComparison.Ordinal)) <= 2,
            string.Join(Environment.NewLine, logs.Lines.Select(l => $"{l.Level} {l.Category}: {l.Text}")));
    }

    private delegate void PackAction(ref MessagePackWriter writer);

    private static byte[] Concat(string before, byte[] middle, string after) =>
        [.. Encoding.UTF8.GetBytes(before), .. middle, .. Encoding.UTF8.GetBytes(after)];

    private static byte[] Pack(PackAction write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        write(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    // A MessagePack map whose string values are given as raw bytes (null: an empty map).
    private static byte[] MessagePackMap(params (string Key, byte[]? Utf8Value)[] entries) => Pack((ref MessagePackWriter w) =>
    {
        w.WriteMapHeader(entries.Length);
        foreach (var (key, value) in entries)
        {
            w.Write(key);
            if (value is null)
            {
                w.WriteMapHeader(0);
            }
            else
            {
                w.WriteString(value);
            }
        }
    });
}
