using System.Runtime.InteropServices;
using System.Text.Json;
using SignalRPub.Protocol;

namespace SignalRPub.Actions;

/// <summary>Parses a request frame (PROTOCOL.md §4) into an <see cref="ActionRequest"/> or the error frame to answer.</summary>
internal static class FrameParser
{
    public static readonly byte[] EmptyObject = "{}"u8.ToArray();

    private const int MaxDepth = JsonText.DefaultMaxDepth;

    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = MaxDepth };

    public static ActionRequest? Parse(ReadOnlyMemory<byte> utf8Json, out FrameAnswer? error)
    {
        error = null;

        // Checked whole first: a string that is not valid text would otherwise fail far from here (PROTOCOL.md §8).
        if (JsonText.Validate(utf8Json.Span, MaxDepth) is { } invalid)
        {
            error = new FrameAnswer(default, ActionResult.Error(ErrorCodes.InvalidJson, $"the frame is not valid JSON: {invalid}"));
            return null;
        }

        using (var document = JsonDocument.Parse(utf8Json, s_options))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = new FrameAnswer(default, ActionResult.Error(ErrorCodes.BadRequest, "a frame must be a JSON object"));
                return null;
            }

            var header = FindHeader(root, out var headerError);
            var msgId = FindMsgId(root, header);
            if (headerError is not null)
            {
                error = new FrameAnswer(msgId, ActionResult.Error(ErrorCodes.BadRequest, headerError));
                return null;
            }

            if (!root.TryGetProperty("uri", out var uri) || uri.ValueKind != JsonValueKind.String || uri.GetString() is not { Length: > 0 } uriText)
            {
                error = new FrameAnswer(msgId, ActionResult.Error(ErrorCodes.BadRequest, "a frame needs a string \"uri\""));
                return null;
            }

            var method = "POST";
            if (root.TryGetProperty("method", out var methodElement))
            {
                if (methodElement.ValueKind != JsonValueKind.String)
                {
                    error = new FrameAnswer(msgId, ActionResult.Error(ErrorCodes.BadRequest, "\"method\" must be a string"));
                    return null;
                }

                method = methodElement.GetString()!;
            }

            var body = root.TryGetProperty("body", out var bodyElement) && bodyElement.ValueKind != JsonValueKind.Null
                ? JsonMarshal.GetRawUtf8Value(bodyElement).ToArray()
                : EmptyObject;

            var queryStart = uriText.IndexOf('?');
            var path = queryStart < 0 ? uriText : uriText[..queryStart];
            var query = queryStart < 0 ? string.Empty : uriText[queryStart..];
            return new ActionRequest(path, query, method, ReadHeaders(header), body, msgId, IsHttp: false);
        }
    }

    private static JsonElement? FindHeader(JsonElement root, out string? error)
    {
        error = null;
        foreach (var name in (ReadOnlySpan<string>)["header", "headers"])
        {
            if (root.TryGetProperty(name, out var header) && header.ValueKind != JsonValueKind.Null)
            {
                if (header.ValueKind != JsonValueKind.Object)
                {
                    error = $"\"{name}\" must be an object";
                    return null;
                }

                return header;
            }
        }

        return null;
    }

    private static ReadOnlyMemory<byte> FindMsgId(JsonElement root, JsonElement? header)
    {
        if (header is { } h && h.TryGetProperty("msgId", out var inHeader) && inHeader.ValueKind != JsonValueKind.Null)
        {
            return JsonMarshal.GetRawUtf8Value(inHeader).ToArray();
        }

        if (root.TryGetProperty("msgId", out var topLevel) && topLevel.ValueKind != JsonValueKind.Null)
        {
            return JsonMarshal.GetRawUtf8Value(topLevel).ToArray();
        }

        return default;
    }

    private static IReadOnlyList<KeyValuePair<string, string>> ReadHeaders(JsonElement? header)
    {
        if (header is not { } h)
        {
            return [];
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var property in h.EnumerateObject())
        {
            // Non-string values as JSON with every non-ASCII character escaped, so that a header can carry them (the
            // frame was checked as text whole, so this never meets an invalid string).
            var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : JsonSerializer.Serialize(property.Value);
            headers.Add(new(property.Name, value));
        }

        return headers;
    }
}
