using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SignalRPub.Protocol;

/// <summary>Takes a SignalR JSON client's <c>Request</c> argument as raw JSON.</summary>
internal sealed class RequestFrameJsonConverter : JsonConverter<RequestFrame>
{
    public override RequestFrame Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RequestFrame(JsonMarshal.GetRawUtf8Value(document.RootElement).ToArray());
    }

    public override void Write(Utf8JsonWriter writer, RequestFrame value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Utf8Json.Span);
}
