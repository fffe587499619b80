using System.Text.Json;

namespace SignalRPub.FunctionalTests.Fuzzing;

/// <summary>
/// What PROTOCOL.md §4 says about the answer to one request frame, read from the frame's bytes: its <c>msgId</c>
/// (the value as given in <c>header</c>/<c>headers</c> or at the top level; JSON null when the frame has none or
/// cannot be read) and the path of its <c>uri</c>, when it has one.
/// </summary>
internal sealed record FrameExpectation(bool IsReadable, JsonElement MsgId, string? Path)
{
    /// <summary>Whether the answer travels as MessagePack, so that its msgId compares as <see cref="FuzzJson.Equivalent"/> says.</summary>
    public bool AsMessagePack { get; init; }

    private static readonly JsonElement s_null = JsonDocument.Parse("null").RootElement.Clone();

    public static FrameExpectation Of(ReadOnlySpan<byte> frame)
    {
        if (FuzzJson.ParseValid(frame) is not { ValueKind: JsonValueKind.Object } root)
        {
            return new FrameExpectation(false, s_null, null);
        }

        JsonElement? header = null;
        foreach (var name in (ReadOnlySpan<string>)["header", "headers"])
        {
            if (root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                header = value;
                break;
            }
        }

        var msgId = header is { ValueKind: JsonValueKind.Object } h && h.TryGetProperty("msgId", out var inHeader) && inHeader.ValueKind != JsonValueKind.Null
            ? inHeader
            : root.TryGetProperty("msgId", out var topLevel) ? topLevel : s_null;
        var path = root.TryGetProperty("uri", out var uri) && uri.ValueKind == JsonValueKind.String ? uri.GetString()!.Split('?')[0] : null;
        return new FrameExpectation(true, msgId, path);
    }
}
