using System.Text.Json.Serialization;
using MessagePack;

namespace SignalRPub.Protocol;

/// <summary>
/// A request frame (PROTOCOL.md §4) as the client sent it: UTF-8 JSON, not yet checked. The action pipeline
/// parses it, so a frame that is not JSON still gets its answer in order.
/// </summary>
[JsonConverter(typeof(RequestFrameJsonConverter))]
[MessagePackFormatter(typeof(RequestFrameMessagePackFormatter))]
internal sealed class RequestFrame(ReadOnlyMemory<byte> utf8Json)
{
    public ReadOnlyMemory<byte> Utf8Json { get; } = utf8Json;
}
