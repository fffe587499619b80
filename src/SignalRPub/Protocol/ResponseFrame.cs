using System.Text.Json.Serialization;
using MessagePack;

namespace SignalRPub.Protocol;

/// <summary>
/// A response frame: <c>{"type":"response","msgId":…,"status":…,"body":…}</c>. <see cref="MsgId"/> and
/// <see cref="Body"/> are UTF-8 JSON values; an empty <see cref="MsgId"/> is written as null.
/// </summary>
[JsonConverter(typeof(ResponseFrameJsonConverter))]
[MessagePackFormatter(typeof(ResponseFrameMessagePackFormatter))]
internal sealed class ResponseFrame(ReadOnlyMemory<byte> msgId, int status, ReadOnlyMemory<byte> body)
{
    public ReadOnlyMemory<byte> MsgId { get; } = msgId;

    public int Status { get; } = status;

    public ReadOnlyMemory<byte> Body { get; } = body;

    /// <summary>True when the connection closes once this answer is out (the <c>disconnect</c> action).</summary>
    public bool CloseAfter { get; init; }
}
