using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace SignalRPub.Protocol;

/// <summary>
/// Wraps SignalR's JSON and MessagePack protocols so that the answer to a <c>disconnect</c> is followed, in
/// the same write, by a close message: the client learns the answer first, then that the connection ends.
/// </summary>
internal sealed class CloseAfterResponseHubProtocol(IHubProtocol inner) : IHubProtocol
{
    private static readonly CloseMessage s_close = new(error: null, allowReconnect: false);

    public string Name => inner.Name;

    public int Version => inner.Version;

    public TransferFormat TransferFormat => inner.TransferFormat;

    public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message) =>
        inner.TryParseMessage(ref input, binder, out message);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output)
    {
        inner.WriteMessage(message, output);
        if (message is CompletionMessage { Result: ResponseFrame { CloseAfter: true } })
        {
            inner.WriteMessage(s_close, output);
        }
    }

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message)
    {
        if (message is CompletionMessage { Result: ResponseFrame { CloseAfter: true } })
        {
            var buffer = new ArrayBufferWriter<byte>();
            WriteMessage(message, buffer);
            return buffer.WrittenMemory;
        }

        return inner.GetMessageBytes(message);
    }
}
