using System.Text.Json.Serialization;
using MessagePack;

namespace SignalRPub.Protocol;

/// <summary>
/// A request frame (docs/protocol.md §4) as the client sent it: UTF-8 JSON, not yet checked. The action pipeline
/// parses it, so a frame that is not JSON still gets its answer in order. Public only as the argument of the hub
/// method <see cref="Hubs.PubHub.Request"/>; it has no members of its own.
/// </summary>
[JsonConverter(typeof(RequestFrameJsonConverter))]
[MessagePackFormatter(typeof(RequestFrameMessagePackFormatter))]
public sealed class RequestFrame
{
    internal RequestFrame(ReadOnlyMemory<byte> utf8Json) => Utf8Json = utf8Json;

    internal ReadOnlyMemory<byte> Utf8Json { get; }

    /// <summary>
    /// Why the argument could not be taken as JSON (a MessagePack map with a string that is not valid UTF-8, say),
    /// or null. Such a frame is still answered, in order, with <c>400 invalid_json</c>.
    /// </summary>
    internal string? Error { get; private init; }

    internal static RequestFrame Invalid(string error) => new(ReadOnlyMemory<byte>.Empty) { Error = error };
}
