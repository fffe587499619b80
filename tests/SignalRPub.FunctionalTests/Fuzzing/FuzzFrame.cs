using System.Net.WebSockets;
using System.Text.Unicode;
using CsCheck;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Fuzzing;

/// <summary>
/// One fuzzed message for a raw WebSocket: a mutated request frame (<see cref="FuzzFrames.Documents"/>) and how it
/// is sent. What PROTOCOL.md §8 says the socket does with it follows from the bytes alone: see <see cref="ExpectedClose"/>.
/// </summary>
internal sealed record FuzzFrame(FuzzDocument Document, FrameDelivery Delivery, int Cut)
{
    /// <summary>The gateway's default <c>Limits:MaxFrameBytes</c>, which fuzz gateways keep.</summary>
    public static readonly int MaxFrameBytes = new LimitsOptions().MaxFrameBytes;

    public static Gen<FuzzFrame> Gen { get; } = CsCheck.Gen.Select(
        FuzzFrames.Documents,
        CsCheck.Gen.Frequency((24, FrameDelivery.Whole), (5, FrameDelivery.Fragmented), (1, FrameDelivery.Binary), (1, FrameDelivery.Oversized)),
        CsCheck.Gen.Int[0, 1_000_000],
        (document, delivery, cut) => new FuzzFrame(document, delivery, cut));

    /// <summary>The message's bytes. An oversized one is the document without its text mutation, padded with spaces: only its size is wrong.</summary>
    public byte[] Bytes => Delivery == FrameDelivery.Oversized
        ? [.. (Document with { Text = null }).ToUtf8(), .. Enumerable.Repeat((byte)' ', MaxFrameBytes + 1 + (Cut % 1000))]
        : Document.ToUtf8();

    /// <summary>
    /// The close code the gateway must answer this message with, or null when it must answer with one response frame:
    /// 1003 for binary, 1009 over the size limit, 1007 for text that is not UTF-8 (RFC 6455 §8.1).
    /// </summary>
    public WebSocketCloseStatus? ExpectedClose => Delivery switch
    {
        FrameDelivery.Binary => WebSocketCloseStatus.InvalidMessageType,
        FrameDelivery.Oversized => WebSocketCloseStatus.MessageTooBig,
        _ => Utf8.IsValid(Bytes) ? null : WebSocketCloseStatus.InvalidPayloadData,
    };

    /// <summary>Sends the message on <paramref name="client"/>.</summary>
    public async Task SendAsync(RawClient client)
    {
        var bytes = Bytes;
        switch (Delivery)
        {
            case FrameDelivery.Binary:
                await client.SendAsync(bytes, WebSocketMessageType.Binary, endOfMessage: true);
                break;
            case FrameDelivery.Fragmented when bytes.Length > 1:
                var first = 1 + (Cut % (bytes.Length - 1));
                var second = first + ((Cut / 7) % (bytes.Length - first + 1));
                await client.SendAsync(bytes.AsMemory(0, first), WebSocketMessageType.Text, endOfMessage: false);
                await client.SendAsync(bytes.AsMemory(first, second - first), WebSocketMessageType.Text, endOfMessage: false);
                await client.SendAsync(bytes.AsMemory(second), WebSocketMessageType.Text, endOfMessage: true);
                break;
            default:
                await client.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true);
                break;
        }
    }

    public override string ToString() => $"{Delivery} (cut {Cut}) {Document}";
}
