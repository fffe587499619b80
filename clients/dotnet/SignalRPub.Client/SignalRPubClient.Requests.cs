using System.Globalization;
using System.Text.Json;
using SignalRPub.Client.Internal;

namespace SignalRPub.Client;

/// <summary>Requests: msgId correlation, timeouts, answers, and what the transports report.</summary>
public sealed partial class SignalRPubClient
{
    /// <summary>Sends one frame over <paramref name="transport"/> and waits for its answer frame, whatever its status.</summary>
    private async Task<JsonElement> SendAsync(
        IPubTransport transport,
        string uri,
        object? body,
        IEnumerable<KeyValuePair<string, string>>? headers,
        CancellationToken cancellationToken)
    {
        var msgId = Interlocked.Increment(ref _lastMsgId).ToString(CultureInfo.InvariantCulture);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[msgId] = answer;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            await transport.SendAsync(new OutgoingFrame(uri, msgId, headers, body), timeout.Token).ConfigureAwait(false);
            return await answer.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No answer to {uri} (msgId {msgId}) within {_options.RequestTimeout.TotalSeconds} s.");
        }
        finally
        {
            _pending.TryRemove(msgId, out _);
        }
    }

    private static SignalRPubResponse ToResponse(JsonElement frame)
    {
        var status = frame.TryGetProperty("status"u8, out var value) && value.TryGetInt32(out var number) ? number : 0;
        var body = frame.TryGetProperty("body"u8, out var b) ? b : ErrorBodies.Null;
        if (status is < 200 or > 299)
        {
            throw ErrorBodies.ToException(status, body);
        }

        return new SignalRPubResponse(status, body);
    }

    private static IReadOnlySet<string>? TopicsOf(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("topics"u8, out var topics) || topics.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var topic in topics.EnumerateArray())
        {
            if (topic.ValueKind == JsonValueKind.String)
            {
                set.Add(topic.GetString()!);
            }
        }

        return set;
    }

    private void FailPending(Exception error)
    {
        foreach (var msgId in _pending.Keys)
        {
            if (_pending.TryRemove(msgId, out var answer))
            {
                answer.TrySetException(error);
            }
        }
    }

    private void OnResponse(JsonElement frame)
    {
        // Answers arrive in the order the gateway ran the requests, so the last one read holds the current set.
        if (frame.TryGetProperty("status"u8, out var status) && status.TryGetInt32(out var code) && code is >= 200 and <= 299
            && frame.TryGetProperty("body"u8, out var body) && TopicsOf(body) is { } topics)
        {
            _topics = topics;
        }

        if (frame.TryGetProperty("msgId"u8, out var id))
        {
            var msgId = id.ValueKind == JsonValueKind.String ? id.GetString() : id.GetRawText();
            if (msgId is not null && _pending.TryRemove(msgId, out var answer))
            {
                answer.TrySetResult(frame);
            }
        }
    }

    private void OnRequestFailed(string msgId, Exception error)
    {
        if (_pending.TryRemove(msgId, out var answer))
        {
            answer.TrySetException(new IOException("The request could not be sent or answered: " + error.Message, error));
        }
    }

    /// <summary>What the transports report, passed on to the client (kept off the client's public type).</summary>
    private sealed class TransportSink(SignalRPubClient client) : ITransportSink
    {
        public void OnResponse(JsonElement frame) => client.OnResponse(frame);

        public ValueTask OnPushAsync(string topic, JsonElement data) => client.OnPushAsync(topic, data);

        public void OnRequestFailed(string msgId, Exception error) => client.OnRequestFailed(msgId, error);

        public void OnClosed(IPubTransport transport, bool intentional, Exception? error) => client.OnClosed(transport, intentional, error);
    }
}
