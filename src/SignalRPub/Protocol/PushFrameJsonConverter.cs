using System.Text.Json;
using System.Text.Json.Serialization;

namespace SignalRPub.Protocol;

/// <summary>Writes a push argument for SignalR JSON clients.</summary>
internal sealed class PushFrameJsonConverter : JsonConverter<PushFrame>
{
    public override PushFrame Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Push frames are only written.");

    public override void Write(Utf8JsonWriter writer, PushFrame value, JsonSerializerOptions options) =>
        FrameWriter.WritePush(writer, value, withType: false);
}
