using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Connections.Features;
using Microsoft.Extensions.Logging;
using SignalRPub.Connections;
using SignalRPub.Protocol;

namespace SignalRPub.RawWebSockets;

/// <summary>
/// Bridges one plain WebSocket into the hub: a hub connection over two pipes, spoken in the raw-frame protocol.
/// The receive loop turns each (reassembled) text message into a length-prefixed record; the send loop turns
/// each record the hub writes into one text message. Close codes follow PROTOCOL.md §8.
/// </summary>
internal sealed partial class RawSocketConnection : IConnectionCloser, IIdleTracker
{
    private static readonly byte[] s_handshake = "{\"protocol\":\"pubframe\",\"version\":1}\u001e"u8.ToArray();
    private static readonly TimeSpan s_closeHandshakeTimeout = TimeSpan.FromSeconds(5);

    private readonly WebSocket _socket;
    private readonly BatchingStream? _stream;
    private readonly int _maxFrameBytes;
    private readonly ILogger _logger;
    private readonly Pipe _input = new(new PipeOptions(useSynchronizationContext: false));
    private readonly Pipe _output = new(DuplexPipe.UnboundedOptions);
    private readonly OutboundGuard _guard;
    private readonly CancellationTokenSource _closeRequested = new();
    private HttpContext? _httpContext;
    private int _closing;
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private string _closeReason = "closing";

    public RawSocketConnection(WebSocket socket, BatchingStream? stream, int maxFrameBytes, OutboundGuard guard, ILogger logger)
    {
        _socket = socket;
        _stream = stream;
        _maxFrameBytes = maxFrameBytes;
        _guard = guard;
        _logger = logger;
        guard.Closer = this;
    }

    /// <summary>Runs the connection until the socket and the hub connection have both ended.</summary>
    public async Task RunAsync(HttpContext httpContext, string connectionId, RawConnectionFeature feature, ConnectionDelegate hub)
    {
        _httpContext = httpContext;
        var context = new DefaultConnectionContext(connectionId, new DuplexPipe(_input.Reader, new GuardedPipeWriter(_output.Writer, _guard)), new DuplexPipe(_output.Reader, _input.Writer))
        {
            User = httpContext.User,
        };
        context.Features.Set<IHttpContextFeature>(new HttpContextFeature(httpContext));
        context.Features.Set(feature);
        context.Features.Set(_guard);

        await _input.Writer.WriteAsync(s_handshake).ConfigureAwait(false);

        var receiving = ReceiveLoopAsync();
        var sending = SendLoopAsync(receiving);
        try
        {
            await hub(context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.HubFailed(_logger, connectionId, ex);
        }
        finally
        {
            // The hub connection is over (the client left, or the server closed it): let the send loop finish.
            await _output.Writer.CompleteAsync().ConfigureAwait(false);
            await context.DisposeAsync().ConfigureAwait(false);
        }

        await sending.ConfigureAwait(false);
        await receiving.ConfigureAwait(false);
    }

    public TimeSpan IdleFor => _stream?.SinceLastRead ?? TimeSpan.Zero;

    public void AbortIdle()
    {
        Close(WebSocketCloseStatus.PolicyViolation, "idle timeout");
        Abort();
    }

    // Aborting the WebSocket alone does not end a read pending on the upgraded stream; aborting the HTTP connection does.
    private void Abort()
    {
        _socket.Abort();
        _httpContext?.Abort();
    }

    public void Close(WebSocketCloseStatus status, string reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        _closeStatus = status;
        _closeReason = reason;
        _closeRequested.Cancel();
        _output.Reader.CancelPendingRead();

        // A send stuck on a client that stopped reading would hold the close frame back for ever.
        _ = AbortIfStillOpenAsync();
    }

    private async Task AbortIfStillOpenAsync()
    {
        await Task.Delay(s_closeHandshakeTimeout * 2).ConfigureAwait(false);
        if (_socket.State != WebSocketState.Closed)
        {
            Abort();
        }
    }

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

                if (discarding || _closeRequested.IsCancellationRequested)
                {
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

    private async Task SendLoopAsync(Task receiving)
    {
        var reader = _output.Reader;
        var handshakeDone = false;
        try
        {
            while (!_closeRequested.IsCancellationRequested)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                var consumedBefore = buffer.Length;
                _stream?.BeginBatch();
                try
                {
                    while (!_closeRequested.IsCancellationRequested && TryReadRecord(ref buffer, out var record))
                    {
                        if (!handshakeDone)
                        {
                            // SignalR's handshake answer: "{}" when the protocol was accepted.
                            handshakeDone = true;
                            if (record.Length > 2)
                            {
                                Close(WebSocketCloseStatus.InternalServerError, "handshake failed");
                            }

                            continue;
                        }

                        if (record.IsEmpty)
                        {
                            Close(WebSocketCloseStatus.NormalClosure, "disconnect");
                            break;
                        }

                        if (_stream is not null)
                        {
                            await _stream.AppendTextFrameAsync(record).ConfigureAwait(false);
                        }
                        else
                        {
                            await SendAsync(record).ConfigureAwait(false);
                        }
                    }
                }
                finally
                {
                    _guard.Consumed(consumedBefore - buffer.Length);
                    reader.AdvanceTo(buffer.Start, buffer.End);
                }

                if (_stream is not null)
                {
                    // Every frame of this read leaves in one write.
                    _guard.SendStarted();
                    await _stream.EndBatchAsync(CancellationToken.None).ConfigureAwait(false);
                    _guard.SendCompleted();
                }

                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The socket is gone; the close below is best effort.
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }

        await CloseSocketAsync(receiving).ConfigureAwait(false);
    }

    private async ValueTask SendAsync(ReadOnlySequence<byte> record)
    {
        _guard.SendStarted();
        try
        {
            if (record.IsSingleSegment)
            {
                await _socket.SendAsync(record.First, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
                return;
            }

            var position = record.Start;
            var remaining = record.Length;
            while (record.TryGet(ref position, out var segment))
            {
                remaining -= segment.Length;
                await _socket.SendAsync(segment, WebSocketMessageType.Text, endOfMessage: remaining == 0, CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _guard.SendCompleted();
        }
    }

    private static bool TryReadRecord(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> record)
    {
        var separator = buffer.PositionOf(PubFrameHubProtocol.RecordSeparator);
        if (separator is null)
        {
            record = default;
            return false;
        }

        record = buffer.Slice(0, separator.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, separator.Value));
        return true;
    }

    private async Task CloseSocketAsync(Task receiving)
    {
        // Ask the client to close (or answer its close), then give it a moment to finish the handshake.
        using var timeout = new CancellationTokenSource(s_closeHandshakeTimeout);
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(_closeStatus, _closeReason, timeout.Token).ConfigureAwait(false);
            }

            await receiving.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            Abort();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "The hub connection {ConnectionId} of a raw socket failed.")]
        public static partial void HubFailed(ILogger logger, string connectionId, Exception exception);
    }
}
