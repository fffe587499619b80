using System.Text.Json;

namespace SignalRPub.Client.Internal;

/// <summary>What a transport reports to its client, from its receive path, in the order the gateway sent it.</summary>
internal interface ITransportSink
{
    /// <summary>A response frame arrived.</summary>
    void OnResponse(JsonElement frame);

    /// <summary>A push arrived; the transport reads on once the returned task completes.</summary>
    ValueTask OnPushAsync(string topic, JsonElement data);

    /// <summary>The request with <paramref name="msgId"/> cannot get an answer (e.g. the hub invocation failed).</summary>
    void OnRequestFailed(string msgId, Exception error);

    /// <summary>The connection ended: <paramref name="intentional"/> when it was asked to (a <c>disconnect</c>, a stop).</summary>
    void OnClosed(IPubTransport transport, bool intentional, Exception? error);
}
