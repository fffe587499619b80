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

    /// <summary>
    /// Why the argument could not be taken as JSON (a MessagePack map with a string that is not valid UTF-8, say),
    /// or null. Such a frame is still answered, in order, with <c>400 invalid_json</c>.
    /// </summary>
    public string? Error { get; private init; }

    public static RequestFrame Invalid(string error) => new(ReadOnlyMemory<byte>.Empty) { Error = error };
}
