using System.Net.WebSockets;
using System.Text;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>PROTOCOL.md §8: the frames that close a raw socket (binary 1003, over <c>Limits:MaxFrameBytes</c> 1009), and big or fragmented frames that must not.</summary>
public sealed class FrameSizeTests
{
    [Fact]
    public async Task Frame_Binary_ClosesWith1003()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        await client.SendAsync(Encoding.UTF8.GetBytes(Frames.Request(SeedUris.SubAdd, Frames.Topics("a"), "1")), WebSocketMessageType.Binary, endOfMessage: true);

        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, (await client.WaitClosedAsync()).Status);
    }

    [Fact]
    public async Task Frame_OverDefaultMaxFrameBytes_ClosesWith1009()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        await client.SendTextAsync(PaddedRegisterFrame(70 * 1024));

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, (await client.WaitClosedAsync()).Status);
    }

    [Fact]
    public async Task Frame_Of60KilobytesUnderDefaultLimit_IsServed()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        var topics = Enumerable.Range(0, 305).Select(i => $"{i:D3}" + new string('t', 197)).ToArray();
        var frame = Frames.Request(SeedUris.SubAdd, Frames.Topics(topics), "big");
        Assert.InRange(Encoding.UTF8.GetByteCount(frame), 60 * 1024, 64 * 1024);

        await client.SendTextAsync(frame);

        Assert.Equal(topics, Frames.Topics(await client.NextResponseAsync()));
    }

    [Fact]
    public async Task Frame_OfExactlyMaxFrameBytes_IsServed()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Limits["MaxFrameBytes"] = 4096);
        await using var client = await gateway.ConnectAsync();

        await client.SendTextAsync(PaddedRegisterFrame(4096));

        Frames.AssertStatus(await client.NextResponseAsync(), 200);
    }

    [Fact]
    public async Task Frame_OneByteOverMaxFrameBytes_ClosesWith1009()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Limits["MaxFrameBytes"] = 4096);
        await using var client = await gateway.ConnectAsync();

        await client.SendTextAsync(PaddedRegisterFrame(4097));

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, (await client.WaitClosedAsync()).Status);
    }

    [Fact]
    public async Task Frame_OverMaxFrameBytesInFragments_ClosesWith1009()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Limits["MaxFrameBytes"] = 4096);
        await using var client = await gateway.ConnectAsync();
        var bytes = Encoding.UTF8.GetBytes(PaddedRegisterFrame(6000));

        await client.SendAsync(bytes.AsMemory(0, 2000), WebSocketMessageType.Text, endOfMessage: false);
        await client.SendAsync(bytes.AsMemory(2000, 2000), WebSocketMessageType.Text, endOfMessage: false);
        await client.SendAsync(bytes.AsMemory(4000), WebSocketMessageType.Text, endOfMessage: true);

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, (await client.WaitClosedAsync()).Status);
    }

    [Fact]
    public async Task Frame_SentInFragments_IsReassembled()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectAsync();
        var bytes = Encoding.UTF8.GetBytes(Frames.Request(SeedUris.Register, null, "frag"));

        await client.SendAsync(bytes.AsMemory(0, 5), WebSocketMessageType.Text, endOfMessage: false);
        await client.SendAsync(bytes.AsMemory(5, 20), WebSocketMessageType.Text, endOfMessage: false);
        await client.SendAsync(bytes.AsMemory(25), WebSocketMessageType.Text, endOfMessage: true);
        var response = await client.NextResponseAsync();

        Frames.AssertStatus(response, 200);
        JsonAssert.Equal("\"frag\"", JsonAssert.Property(response, "msgId"));
    }

    // A register frame of exactly `size` UTF-8 bytes, padded through a header value.
    private static string PaddedRegisterFrame(int size)
    {
        var empty = $$$"""{"uri":"{{{SeedUris.Register}}}","msgId":"pad","header":{"pad":""}}""";
        return $$$"""{"uri":"{{{SeedUris.Register}}}","msgId":"pad","header":{"pad":"{{{new string('p', size - empty.Length)}}}"}}""";
    }
}
