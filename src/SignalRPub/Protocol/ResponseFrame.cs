using System.Text.Json.Serialization;
using MessagePack;

namespace SignalRPub.Protocol;

/// <summary>
/// A response frame: <c>{"type":"response","msgId":…,"status":…,"body":…}</c>. <c>MsgId</c> and <c>Body</c> are
/// UTF-8 JSON values; an empty <c>MsgId</c> is written as null. Public only as the result of the hub method
/// <see cref="Hubs.PubHub.Request"/>; it has no members of its own.
/// </summary>
[JsonConverter(typeof(ResponseFrameJsonConverter))]
[MessagePackFormatter(typeof(ResponseFrameMessagePackFormatter))]
public sealed class ResponseFrame
{
    internal ResponseFrame(ReadOnlyMemory<byte> msgId, int status, ReadOnlyMemory<byte> body)
    {
        MsgId = msgId;
        Status = status;
        Body = body;
    }

    internal ReadOnlyMemory<byte> MsgId { get; }

    internal int Status { get; }

    internal ReadOnlyMemory<byte> Body { get; }

    /// <summary>True when the connection closes once this answer is out (the <c>disconnect</c> action).</summary>
    internal bool CloseAfter { get; init; }
}
