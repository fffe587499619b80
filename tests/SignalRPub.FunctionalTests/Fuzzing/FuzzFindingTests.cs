using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using MessagePack;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Fuzzing;

/// <summary>
/// What the fuzz tests found, each kept as a plain test named after the behaviour, with the input that showed it
/// (reduced by hand from the fuzzed one). The seed and iteration named are those of the run that found it, with the
/// generators of that time; the input itself is what matters.
/// </summary>
public sealed class FuzzFindingTests
{
    private delegate void Write(ref MessagePackWriter writer);

    public static TheoryData<string, double> NotJsonNumbers => new()
    {
        { "msgId", double.PositiveInfinity },
        { "msgId", double.NegativeInfinity },
        { "msgId", double.NaN },
        { "body", double.NaN },
    };

    /// <summary>
    /// Found by <see cref="HubFrameFuzzTests"/> (MessagePack, seed 20261201, iteration 8: <c>"msgId":1e400</c>, which a
    /// MessagePack client sends as the double +∞): the call failed with a hub error instead of a response frame.
    /// </summary>
    [Theory]
    [MemberData(nameof(NotJsonNumbers))]
    public async Task HubMessagePack_FloatJsonCannotHold_IsAnsweredWithResponseFrame400(string member, double number)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var hub = await RawHubSocket.ConnectAsync(gateway.HubUri(), HubProtocolKind.MessagePack);

        var response = await hub.RequestAsync(Pack((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(2);
            w.Write("uri");
            w.Write(SeedUris.Register);
            w.Write(member);
            w.Write(number);
        }));

        Frames.AssertError(response, 400, "invalid_json");
        JsonAssert.Null(JsonAssert.Property(response, "msgId"));
        Frames.AssertStatus(await hub.RequestAsync(Frames.Request(SeedUris.Register, msgId: "2")), 200);
    }

    /// <summary>
    /// Found by <see cref="HubFrameFuzzTests"/> (MessagePack, seed 20261201, iteration 11: the key <c>"header"</c>
    /// replaced by the integer 2⁶⁴−1): the call failed with a hub error instead of being read like any other integer key.
    /// </summary>
    [Fact]
    public async Task HubMessagePack_KeyAboveInt64_IsReadAsItsDigits()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var hub = await RawHubSocket.ConnectAsync(gateway.HubUri(), HubProtocolKind.MessagePack);

        var response = await hub.RequestAsync(Pack(static (ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(3);
            w.Write("uri");
            w.Write(SeedUris.Register);
            w.Write(ulong.MaxValue);
            w.Write(1);
            w.Write("msgId");
            w.Write("r1");
        }));

        Frames.AssertStatus(response, 200);
        Assert.Equal("r1", JsonAssert.Property(response, "msgId").GetString());
    }

    /// <summary>
    /// Found by <see cref="PublishFuzzTests"/> (seed 20261201, iteration 230: a member of <c>data</c> written twice):
    /// the publish was accepted, and MessagePack subscribers got a map with a repeated key, which the .NET client
    /// cannot read, so the push never reached them. They now get the object as JSON readers take it: the last value.
    /// </summary>
    [Fact]
    public async Task Publish_DataWithRepeatedName_ReachesMessagePackSubscriberWithLastValue()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectHubAsync(HubProtocolKind.MessagePack);
        await client.RegisterAsync();
        await client.RequestAsync(SeedUris.SubAdd, HubClient.Topics("t"));

        (await gateway.PublishJsonAsync("""{"topic":"t","data":{"a":1,"b":{"c":2,"c":3},"a":4}}""")).AssertStatus(202);

        JsonAssert.Equal("""{"topic":"t","data":{"a":4,"b":{"c":3}}}""", await client.NextPushAsync());
    }

    /// <summary>
    /// Found by <see cref="PublishFuzzTests"/> (seed 913413959378692920, iteration 182, the body below): a message that
    /// is not an object after a valid one was answered <c>500</c> with a null error code.
    /// </summary>
    [Theory]
    [InlineData("""{"messages":[{"topic":"p2","data":3600},""]}""")]
    [InlineData("""{"messages":[{"topic":"p2","data":1},{"topics":["a"],"data":2},[]]}""")]
    public async Task Publish_MessageNotAnObjectAfterValidOne_Is400BadRequestAndPublishesNothing(string body)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("p2");

        (await gateway.PublishJsonAsync(body)).AssertError(400, "bad_request");

        await gateway.PublishAsync("p2", "after");
        Frames.AssertPush(await client.NextPushAsync(), "p2", "\"after\"");
    }

    /// <summary>
    /// Found by <see cref="PublishFuzzTests"/> (seed 5105311212655609303, iteration 463: <c>data</c> nested 63 levels):
    /// the publish was accepted, and SignalR's JSON protocol, which reads a message at most 64 levels deep, could not
    /// read the push (three levels more): every .NET JSON hub subscriber of the topic lost its connection.
    /// </summary>
    [Theory]
    [InlineData(62)]
    [InlineData(63)]
    public async Task Publish_DataTooDeepForSignalRJsonClients_Is400InvalidJsonAndEveryReceiverStays(int depth)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var witnesses = await Witnesses.ConnectAsync(gateway);

        var answer = await gateway.PublishJsonAsync($$"""{"topic":"$all","data":{{Nested(depth)}}}""");

        answer.AssertError(400, "invalid_json");
        await witnesses.AssertEachReceivesAsync(gateway);
    }

    [Theory]
    [InlineData(HubProtocolKind.Json)]
    [InlineData(HubProtocolKind.MessagePack)]
    public async Task Publish_DataSixtyOneLevelsDeep_ReachesHubSubscriber(HubProtocolKind protocol)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectHubAsync(protocol);
        await client.RegisterAsync();

        (await gateway.PublishJsonAsync($$"""{"topic":"$all","data":{{Nested(61)}}}""")).AssertStatus(202);

        JsonAssert.Equal($$"""{"topic":"$all","data":{{Nested(61)}}}""", await client.NextPushAsync());
    }

    /// <summary>
    /// Found by <see cref="FrameFuzzTests"/> (seed 7929681797607458321, iteration 2704: a frame cut inside <c>é</c>, sent
    /// in fragments of which the last is empty): the WebSocket layer checks UTF-8 as fragments arrive but lets a
    /// sequence left open by an empty final fragment through, and the frame was answered 400 instead of failing the
    /// socket with 1007 as PROTOCOL.md §8 says.
    /// </summary>
    [Fact]
    public async Task Frame_Utf8SequenceLeftOpenByEmptyFinalFragment_ClosesWith1007()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var witness = await gateway.ConnectRegisteredAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        await client.SendAsync(Encoding.UTF8.GetBytes($$"""{"uri":"{{SeedUris.SubAdd}}","body":{"topics":["é""")[..^1], WebSocketMessageType.Text, endOfMessage: false);
        await client.SendAsync(Array.Empty<byte>(), WebSocketMessageType.Text, endOfMessage: true);

        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, (await client.WaitClosedAsync()).Status);
        Assert.Empty(await witness.CurrentTopicsAsync());
    }

    private static string Nested(int depth) => new string('[', depth) + "1" + new string(']', depth);

    private static byte[] Pack(Write write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        write(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
