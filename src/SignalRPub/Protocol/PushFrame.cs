using System.Text.Json.Serialization;
using MessagePack;

namespace SignalRPub.Protocol;

/// <summary>
/// The one argument of the <c>push</c> client method: <c>{"topic":…,"data":…}</c>, <see cref="Data"/> being
/// UTF-8 JSON validated when published. Built once per message; each protocol serialises it once.
/// </summary>
[JsonConverter(typeof(PushFrameJsonConverter))]
[MessagePackFormatter(typeof(PushFrameMessagePackFormatter))]
internal sealed class PushFrame(string topic, ReadOnlyMemory<byte> data)
{
    public string Topic { get; } = topic;

    public ReadOnlyMemory<byte> Data { get; } = data;
}
