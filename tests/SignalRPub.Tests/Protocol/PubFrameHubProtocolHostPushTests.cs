using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using SignalRPub.Protocol;
using SignalRPub.Tests.TestSupport;

namespace SignalRPub.Tests.Protocol;

/// <summary>
/// A <c>push</c> a host sends itself through <c>IHubContext&lt;PubHub&gt;</c> becomes a raw push frame when its one
/// argument, written as SignalR's JSON protocol writes it, is an object with a string <c>topic</c> and a <c>data</c>.
/// </summary>
public class PubFrameHubProtocolHostPushTests
{
    private readonly PubFrameHubProtocol _protocol = new();

    public static TheoryData<object, string> PushShapes => new()
    {
        { new { topic = "t", data = new { last = 1.5 } }, """{"type":"push","topic":"t","data":{"last":1.5}}""" },
        { new { data = (object?)null, topic = "t" }, """{"type":"push","topic":"t","data":null}""" },
        { new { topic = "t", data = "x", extra = 1 }, """{"type":"push","topic":"t","data":"x"}""" },
        { JsonDocument.Parse("""{"topic":"t","data":[1,"\u00e9"]}""").RootElement, """{"type":"push","topic":"t","data":[1,"\u00e9"]}""" },
        { new Dictionary<string, object> { ["topic"] = "$all", ["data"] = 2 }, """{"type":"push","topic":"$all","data":2}""" },
    };

    public static TheoryData<object> OtherShapes => new()
    {
        "t",
        42,
        new { topic = "t" },
        new { data = 1 },
        new { topic = 1, data = 1 },
        new { Topic = "t", Data = 1, note = "PascalCase names are kept by this payload option set" },
        new[] { "t", "d" },
    };

    [Theory]
    [MemberData(nameof(PushShapes))]
    public void WriteMessage_PushOfThePushShape_WritesAPushFrame(object argument, string expected)
    {
        var written = Write(_protocol, new InvocationMessage("push", [argument]));

        Assert.Equal(PubFrameHubProtocol.RecordSeparator, written[^1]);
        Assert.Equal(Normalised(expected), Normalised(Utf8.Text(written.AsMemory(0, written.Length - 1))));
    }

    [Theory]
    [MemberData(nameof(OtherShapes))]
    public void WriteMessage_PushOfAnotherShape_WritesNothing(object argument)
    {
        var options = Options.Create(new JsonHubProtocolOptions());
        options.Value.PayloadSerializerOptions.PropertyNamingPolicy = null;

        Assert.Empty(Write(new PubFrameHubProtocol(options), new InvocationMessage("push", [argument])));
    }

    [Fact]
    public void WriteMessage_PushWithTwoArguments_WritesNothing() =>
        Assert.Empty(Write(_protocol, new InvocationMessage("push", ["t", new { last = 1 }])));

    [Fact]
    public void WriteMessage_OtherMethodOfThePushShape_WritesNothing() =>
        Assert.Empty(Write(_protocol, new InvocationMessage("notice", [new { topic = "t", data = 1 }])));

    private static byte[] Write(IHubProtocol protocol, HubMessage message) => protocol.GetMessageBytes(message).ToArray();

    private static string Normalised(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
}
