using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace SignalRPub.Client.Internal;

/// <summary>
/// Wraps the JSON or MessagePack hub protocol to see every message as it is read, in the order the gateway sent them:
/// response frames go to the sink from there (so the topic set follows the answers in order), and a close message that
/// forbids reconnecting (the one after a <c>disconnect</c>, docs/protocol.md §7) is remembered.
/// </summary>
internal sealed class ObservingHubProtocol(IHubProtocol inner, ITransportSink sink) : IHubProtocol
{
    private volatile bool _closedForGood;

    /// <summary>Whether the gateway sent a close message that does not allow reconnecting.</summary>
    public bool ClosedForGood => _closedForGood;

    public string Name => inner.Name;

    public int Version => inner.Version;

    public TransferFormat TransferFormat => inner.TransferFormat;

    public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        if (!inner.TryParseMessage(ref input, binder, out message))
        {
            return false;
        }

        switch (message)
        {
            case CompletionMessage { HasResult: true, Result: JsonElement frame }:
                sink.OnResponse(frame);
                break;
            case CloseMessage { AllowReconnect: false }:
                _closedForGood = true;
                break;
        }

        return true;
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);
}
