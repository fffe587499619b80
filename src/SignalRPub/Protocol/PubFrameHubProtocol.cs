using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace SignalRPub.Protocol;

/// <summary>
/// The hub protocol of raw WebSocket clients. It is spoken only between the raw adapter and the hub:
/// inbound, each request frame arrives as a 4-byte little-endian length and the frame's bytes and becomes a
/// <c>Request</c> invocation; outbound, pushes and answers are written as the frames of PROTOCOL.md §4, each
/// followed by <see cref="RecordSeparator"/>, and an empty record tells the adapter to close with 1000.
/// Every node registers it (a message serialised on a node that lacks it would abort raw clients elsewhere).
/// </summary>
internal sealed class PubFrameHubProtocol : IHubProtocol
{
    public const string ProtocolName = "pubframe";
    public const byte RecordSeparator = 0x1e;
    public const int LengthPrefixSize = 4;

    private static readonly JsonWriterOptions s_writerOptions = new() { SkipValidation = true };
    private static readonly ResponseFrame s_internalError = new(ReadOnlyMemory<byte>.Empty, 500, ErrorBody.Write(ErrorCodes.Internal, "the gateway failed to handle the request"));
    private static long s_invocationIds;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private readonly JsonSerializerOptions _payloadOptions;

    public PubFrameHubProtocol()
        : this(Options.Create(new JsonHubProtocolOptions()))
    {
    }

    /// <param name="jsonOptions">SignalR's JSON protocol options: a push an application sends itself is read as JSON clients get it.</param>
    public PubFrameHubProtocol(IOptions<JsonHubProtocolOptions> jsonOptions) => _payloadOptions = jsonOptions.Value.PayloadSerializerOptions;

    public string Name => ProtocolName;

    public int Version => 1;

    public TransferFormat TransferFormat => TransferFormat.Binary;

    public bool IsVersionSupported(int version) => version == Version;

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        message = null;
        if (input.Length < LengthPrefixSize)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[LengthPrefixSize];
        input.Slice(0, LengthPrefixSize).CopyTo(prefix);
        var length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        if (input.Length < LengthPrefixSize + (long)length)
        {
            return false;
        }

        var frame = input.Slice(LengthPrefixSize, length).ToArray();
        input = input.Slice(LengthPrefixSize + length);
        var id = Interlocked.Increment(ref s_invocationIds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        message = new InvocationMessage(id, HubMethods.Request, [new RequestFrame(frame)]);
        return true;
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output)
    {
        switch (message)
        {
            case InvocationMessage { Target: HubMethods.Push, Arguments: [PushFrame push] }:
                WriteFrame(output, push, static (writer, frame) => FrameWriter.WritePush(writer, frame, withType: true));
                break;
            case InvocationMessage { Target: HubMethods.Push, Arguments: [{ } argument] } when ToPushFrame(argument) is { } sent:
                // Sent by the host's own code through IHubContext<PubHub> with an argument of the push shape.
                WriteFrame(output, sent, static (writer, frame) => FrameWriter.WritePush(writer, frame, withType: true));
                break;
            case CompletionMessage { Result: ResponseFrame response }:
                WriteFrame(output, response, static (writer, frame) => FrameWriter.WriteResponse(writer, frame, withType: true));
                if (response.CloseAfter)
                {
                    output.GetSpan(1)[0] = RecordSeparator;
                    output.Advance(1);
                }

                break;
            case CompletionMessage:
                // The hub answers every request with a ResponseFrame; anything else is a failure inside SignalR.
                WriteFrame(output, s_internalError, static (writer, frame) => FrameWriter.WriteResponse(writer, frame, withType: true));
                break;
            default:
                // Pings, close messages and other SignalR traffic have no raw-frame form.
                break;
        }
    }

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        WriteMessage(message, buffer);

        // Every hub connection keeps the bytes of its ping (which has no raw form) for as long as it lives.
        return buffer.WrittenCount == 0 ? ReadOnlyMemory<byte>.Empty : buffer.WrittenMemory;
    }

    /// <summary>
    /// An argument an application passed to <c>push</c> itself, as SignalR's JSON protocol would write it: a push frame
    /// when that is an object with a string <c>topic</c> and a <c>data</c> member, null (nothing is sent) otherwise.
    /// </summary>
    private PushFrame? ToPushFrame(object argument)
    {
        JsonElement value;
        try
        {
            value = JsonSerializer.SerializeToElement(argument, argument.GetType(), _payloadOptions);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object
            && value.TryGetProperty(FrameNames.Topic.EncodedUtf8Bytes, out var topic) && topic.ValueKind == JsonValueKind.String
            && value.TryGetProperty(FrameNames.Data.EncodedUtf8Bytes, out var data)
            ? new PushFrame(topic.GetString()!, System.Text.Encoding.UTF8.GetBytes(data.GetRawText()))
            : null;
    }

    private static void WriteFrame<T>(IBufferWriter<byte> output, T frame, Action<Utf8JsonWriter, T> write)
    {
        var writer = t_writer ??= new Utf8JsonWriter(output, s_writerOptions);
        writer.Reset(output);
        try
        {
            write(writer, frame);
            writer.Flush();
        }
        finally
        {
            writer.Reset();
        }

        output.GetSpan(1)[0] = RecordSeparator;
        output.Advance(1);
    }
}
