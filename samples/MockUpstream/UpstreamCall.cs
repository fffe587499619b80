using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SignalRPub.Samples.MockUpstream;

/// <summary>One call from the gateway, as far as the mock cares about it.</summary>
/// <param name="Action">The <c>X-Action</c> header; empty when absent.</param>
/// <param name="ConnectionId">The <c>X-Connection-Id</c> header.</param>
/// <param name="PathAndQuery">The route URI the call was made to, with its query string.</param>
/// <param name="MsgId">The client's <c>msgId</c> header.</param>
/// <param name="UserId">The <c>userId</c> header, else the body's <c>userId</c> field (non-strings as their JSON text).</param>
/// <param name="Topics">The string entries of the body's <c>topics</c> array; null when there is no such array.</param>
/// <param name="Body">The body as received: compact JSON when it parses, otherwise its raw text.</param>
internal sealed record UpstreamCall(
    string Action,
    string? ConnectionId,
    string PathAndQuery,
    string? MsgId,
    string? UserId,
    IReadOnlyList<string>? Topics,
    string Body)
{
    public static async Task<UpstreamCall> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        var json = TryParseObject(text);

        return new UpstreamCall(
            Action: request.Headers["X-Action"].ToString(),
            ConnectionId: NullIfEmpty(request.Headers["X-Connection-Id"].ToString()),
            PathAndQuery: request.Path.Add(request.QueryString).ToString(),
            MsgId: NullIfEmpty(request.Headers["msgId"].ToString()),
            UserId: NullIfEmpty(request.Headers["userId"].ToString()) ?? ReadUserId(json),
            Topics: ReadTopics(json),
            Body: json?.ToJsonString() ?? text);
    }

    private static JsonObject? TryParseObject(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            // A mock tolerates any body; it is still logged as received.
            return null;
        }
    }

    private static string? ReadUserId(JsonObject? body) => body?["userId"] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => NullIfEmpty(value.GetValue<string>()),
        var other => other.ToJsonString(),
    };

    private static List<string>? ReadTopics(JsonObject? body)
    {
        if (body?["topics"] is not JsonArray array)
        {
            return null;
        }

        var topics = new List<string>(array.Count);
        foreach (var item in array)
        {
            if (item is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            {
                topics.Add(value.GetValue<string>());
            }
        }

        return topics;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
