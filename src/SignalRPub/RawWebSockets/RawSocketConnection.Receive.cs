using System.Buffers;
using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text.Unicode;
using SignalRPub.Protocol;

namespace SignalRPub.RawWebSockets;

// The receive loop: client text messages (reassembled, size-checked) into length-prefixed hub records.
internal sealed partial class RawSocketConnection
{
    private async Task ReceiveLoopAsync()
    {
        byte[]? buffer = null;
        var length = 0;
        var discarding = false;
        try
        {
            while (true)
            {
                ValueWebSocketReceiveResult result;
                if (buffer is null)
                {
                    // An idle socket waits with a zero-byte read and holds no buffer.
                    // A pending receive is never cancelled: that would abort the socket under the close handshake.
                    result = await _socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None).ConfigureAwait(false);
                    buffer = ArrayPool<byte>.Shared.Rent(4096);
                    if (result.MessageType != WebSocketMessageType.Close && !result.EndOfMessage)
                    {
                        continue;
                    }
                }
                else
                {
                    if (length == buffer.Length)
                    {
                        buffer = Grow(buffer, length);
                    }

                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None).ConfigureAwait(false);
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Close(WebSocketCloseStatus.NormalClosure, "client closed");
                    return;
                }

                if (result.MessageType == WebSocketMessageType.Binary && !discarding)
                {
                    Close(WebSocketCloseStatus.InvalidMessageType, "binary frames are not supported; send JSON text");
                    discarding = true;
                }

                length += result.Count;
                if (length > _maxFrameBytes && !discarding)
                {
                    Close(WebSocketCloseStatus.MessageTooBig, $"frame over {_maxFrameBytes} bytes");
                    discarding = true;
                }

                if (discarding || _closeRequested)
                {
                    length = 0;
                    continue;
                }

                // The WebSocket layer checks UTF-8 as fragments arrive, but lets a sequence left open by an empty final
                // fragment through: RFC 6455 §8.1 fails the connection for that too (PROTOCOL.md §8).
                if (result.EndOfMessage && !Utf8.IsValid(buffer.AsSpan(0, length)))
                {
                    Close(WebSocketCloseStatus.InvalidPayloadData, string.Empty);
                    discarding = true;
                    length = 0;
                    continue;
                }

                if (result.EndOfMessage)
                {
                    await ForwardAsync(buffer.AsMemory(0, length)).ConfigureAwait(false);
                    length = 0;
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            Close(WebSocketCloseStatus.EndpointUnavailable, "connection lost");
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            await _input.Writer.CompleteAsync().ConfigureAwait(false);
        }
    }

    private byte[] Grow(byte[] buffer, int length)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, _maxFrameBytes + 1));
        buffer.AsSpan(0, length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        return bigger;
    }

    private async ValueTask ForwardAsync(ReadOnlyMemory<byte> frame)
    {
        var span = _input.Writer.GetSpan(PubFrameHubProtocol.LengthPrefixSize);
        BinaryPrimitives.WriteInt32LittleEndian(span, frame.Length);
        _input.Writer.Advance(PubFrameHubProtocol.LengthPrefixSize);
        await _input.Writer.WriteAsync(frame).ConfigureAwait(false);
    }
}
