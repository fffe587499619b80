using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SignalRPub.Protocol;

/// <summary>Writes the error body of PROTOCOL.md §8: <c>{"error":{"code","message"}}</c>, with the upstream's answer when there is one.</summary>
internal static class ErrorBody
{
    // Messages quote paths and topics; readable quotes matter more here than HTML-safe escaping.
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonEncodedText s_error = JsonEncodedText.Encode("error");
    private static readonly JsonEncodedText s_code = JsonEncodedText.Encode("code");
    private static readonly JsonEncodedText s_message = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText s_upstream = JsonEncodedText.Encode("upstream");

    /// <summary>The error body; with <paramref name="upstreamBody"/> not null, an <c>upstream</c> member is added (empty = null).</summary>
    public static byte[] Write(string code, string message, ReadOnlyMemory<byte>? upstreamBody = null)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, s_options))
        {
            writer.WriteStartObject();
            writer.WriteStartObject(s_error);
            writer.WriteString(s_code, code);
            writer.WriteString(s_message, message);
            writer.WriteEndObject();
            if (upstreamBody is { } upstream)
            {
                writer.WritePropertyName(s_upstream);
                FrameWriter.WriteRawOrNull(writer, upstream.Span);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
