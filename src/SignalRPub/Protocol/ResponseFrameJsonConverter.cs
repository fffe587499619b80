using System.Text.Json;
using System.Text.Json.Serialization;

namespace SignalRPub.Protocol;

/// <summary>Writes a response frame for SignalR JSON clients.</summary>
internal sealed class ResponseFrameJsonConverter : JsonConverter<ResponseFrame>
{
    public override ResponseFrame Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Response frames are only written.");

    public override void Write(Utf8JsonWriter writer, ResponseFrame value, JsonSerializerOptions options) =>
        FrameWriter.WriteResponse(writer, value, withType: true);
}
