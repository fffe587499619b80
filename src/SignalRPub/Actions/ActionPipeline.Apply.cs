using System.Buffers;
using System.Text.Json;
using SignalRPub.Connections;
using SignalRPub.Protocol;
using SignalRPub.Routing;

namespace SignalRPub.Actions;

// Applying an action the upstream accepted (or that needs no upstream) and writing its success answer.
internal sealed partial class ActionPipeline
{
    private static readonly JsonEncodedText s_topics = JsonEncodedText.Encode("topics");
    private static readonly JsonEncodedText s_upstream = JsonEncodedText.Encode("upstream");
    private static readonly JsonEncodedText s_connectionId = JsonEncodedText.Encode("connectionId");
    private static readonly JsonEncodedText s_connectionToken = JsonEncodedText.Encode("connectionToken");
    private static readonly JsonEncodedText s_pushBatch = JsonEncodedText.Encode(GatewayHeaders.PushBatch);

    private async Task<ActionResult> RegisterAsync(ConnectionState connection, ActionRequest request, ReadOnlyMemory<byte> upstreamBody)
    {
        string? userId = null;
        if (!upstreamBody.IsEmpty)
        {
            using var document = JsonDocument.Parse(upstreamBody);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("userId", out var user)
                && user.ValueKind == JsonValueKind.String)
            {
                userId = user.GetString();
            }
        }

        if (!await subscriptions.RegisterAsync(connection, userId).ConfigureAwait(false))
        {
            return ActionResult.Closing;
        }

        // Set before the answer is written, so every push after it is framed as the answer says.
        var framing = connection.PushBatch;
        var pushBatch = framing is not null && AsksForPushBatch(request.Headers);
        framing?.SetPushBatch(pushBatch);
        return Success(writer =>
        {
            writer.WriteString(s_connectionId, connection.ConnectionId);
            writer.WriteString(s_connectionToken, tokens.Issue(connection.ConnectionId));
            if (pushBatch)
            {
                writer.WriteBoolean(s_pushBatch, true);
            }
        }, upstreamBody);
    }

    // A JSON true arrives here as the text "true", like the string; a JSON 1 as "1".
    private static bool AsksForPushBatch(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        foreach (var (name, value) in headers)
        {
            if (string.Equals(name, GatewayHeaders.PushBatch, StringComparison.OrdinalIgnoreCase))
            {
                return value is "true" or "1";
            }
        }

        return false;
    }

    private static ActionResult Disconnect(ConnectionState connection, ReadOnlyMemory<byte> upstreamBody)
    {
        connection.IsClosing = true;
        return new ActionResult(200, SuccessBody(null, upstreamBody)) { CloseAfter = true };
    }

    private async Task<ActionResult> SubscribeAsync(
        ConnectionState connection,
        RouteAction action,
        List<string> requested,
        ReadOnlyMemory<byte> upstreamBody)
    {
        if (!upstreamBody.IsEmpty)
        {
            using var document = JsonDocument.Parse(upstreamBody);
            if (TopicList.HasTopics(document.RootElement))
            {
                // The upstream may narrow or rename what the client asked for.
                var narrowed = TopicList.Read(document.RootElement, _limits.MaxTopicsPerConnection, out _, out var message);
                if (narrowed is null)
                {
                    return new ActionResult(502, ErrorBody.Write(ErrorCodes.UpstreamRejected, $"the upstream answered topics the gateway cannot use: {message}", upstreamBody));
                }

                requested = narrowed;
            }
        }

        var next = SubscriptionManager.Compute(connection.Topics, action, requested, _limits.MaxTopicsPerConnection);
        if (next is null)
        {
            return ActionResult.Error(ErrorCodes.TooManyTopics, $"a connection may hold at most {_limits.MaxTopicsPerConnection} topics");
        }

        if (!await subscriptions.ApplyAsync(connection, next).ConfigureAwait(false))
        {
            return ActionResult.Closing;
        }

        var sorted = next.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return Success(writer =>
        {
            writer.WriteStartArray(s_topics);
            foreach (var topic in sorted)
            {
                writer.WriteStringValue(topic);
            }

            writer.WriteEndArray();
        }, upstreamBody);
    }

    private static ActionResult Success(Action<Utf8JsonWriter> members, ReadOnlyMemory<byte> upstreamBody) =>
        new(200, SuccessBody(members, upstreamBody));

    private static byte[] SuccessBody(Action<Utf8JsonWriter>? members, ReadOnlyMemory<byte> upstreamBody)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members?.Invoke(writer);
            writer.WritePropertyName(s_upstream);
            FrameWriter.WriteRawOrNull(writer, upstreamBody.Span);

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
