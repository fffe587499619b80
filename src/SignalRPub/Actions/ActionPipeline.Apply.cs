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

    private async Task<ResponseFrame> RegisterAsync(ConnectionState connection, ReadOnlyMemory<byte> msgId, ReadOnlyMemory<byte> upstreamBody, CancellationToken cancellationToken)
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

        await subscriptions.RegisterAsync(connection, userId, cancellationToken).ConfigureAwait(false);
        return Success(msgId, writer =>
        {
            writer.WriteString(s_connectionId, connection.ConnectionId);
            writer.WriteString(s_connectionToken, tokens.Issue(connection.ConnectionId));
        }, upstreamBody);
    }

    private static ResponseFrame Disconnect(ConnectionState connection, ReadOnlyMemory<byte> msgId, ReadOnlyMemory<byte> upstreamBody)
    {
        connection.IsClosing = true;
        return new ResponseFrame(msgId, 200, SuccessBody(null, upstreamBody)) { CloseAfter = true };
    }

    private async Task<ResponseFrame> SubscribeAsync(
        ConnectionState connection,
        RouteAction action,
        List<string> requested,
        ReadOnlyMemory<byte> msgId,
        ReadOnlyMemory<byte> upstreamBody,
        CancellationToken cancellationToken)
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
                    return new ResponseFrame(msgId, 502, ActionErrors.Body(ErrorCodes.UpstreamRejected, $"the upstream answered topics the gateway cannot use: {message}", upstreamBody));
                }

                requested = narrowed;
            }
        }

        var next = SubscriptionManager.Compute(connection.Topics, action, requested, _limits.MaxTopicsPerConnection);
        if (next is null)
        {
            return ActionErrors.Frame(msgId, ErrorCodes.TooManyTopics, $"a connection may hold at most {_limits.MaxTopicsPerConnection} topics");
        }

        await subscriptions.ApplyAsync(connection, next, cancellationToken).ConfigureAwait(false);
        var sorted = next.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return Success(msgId, writer =>
        {
            writer.WriteStartArray(s_topics);
            foreach (var topic in sorted)
            {
                writer.WriteStringValue(topic);
            }

            writer.WriteEndArray();
        }, upstreamBody);
    }

    private static ResponseFrame Success(ReadOnlyMemory<byte> msgId, Action<Utf8JsonWriter> members, ReadOnlyMemory<byte> upstreamBody) =>
        new(msgId, 200, SuccessBody(members, upstreamBody));

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
