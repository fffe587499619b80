using System.Text.Json;

namespace SignalRPub.Client.Internal;

/// <summary>Turns a non-2xx answer into a <see cref="SignalRPubException"/>, whichever error shape it has.</summary>
internal static class ErrorBodies
{
    /// <summary>
    /// Reads <c>{"error":{"code","message"}}</c> (docs/protocol.md §10), <c>{"error":"code","message"}</c>, and the admin
    /// API's <c>{"error_msg"}</c>; anything else keeps only the status.
    /// </summary>
    public static SignalRPubException ToException(int status, JsonElement body, TimeSpan? retryAfter = null)
    {
        string? code = null;
        string? message = null;
        if (body.ValueKind == JsonValueKind.Object)
        {
            if (body.TryGetProperty("error"u8, out var error))
            {
                if (error.ValueKind == JsonValueKind.Object)
                {
                    code = StringOf(error, "code"u8);
                    message = StringOf(error, "message"u8);
                }
                else if (error.ValueKind == JsonValueKind.String)
                {
                    code = error.GetString();
                    message = StringOf(body, "message"u8);
                }
            }

            message ??= StringOf(body, "error_msg"u8);
        }

        var text = code is null ? $"{status}: {message ?? "the request failed"}" : $"{status} {code}: {message ?? "the request failed"}";
        return new SignalRPubException(status, code, text, body, retryAfter);
    }

    /// <summary>Reads an HTTP answer's body as JSON: an empty body is JSON <c>null</c>, text that is not JSON a JSON string.</summary>
    public static JsonElement ParseBody(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return Null;
        }

        try
        {
            return JsonSerializer.Deserialize<JsonElement>(content);
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(content);
        }
    }

    /// <summary>A JSON <c>null</c>.</summary>
    public static readonly JsonElement Null = JsonSerializer.SerializeToElement<object?>(null);

    private static string? StringOf(JsonElement element, ReadOnlySpan<byte> name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
