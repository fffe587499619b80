using System.Buffers;
using System.Net.WebSockets;
using SignalRPub.Protocol;

namespace SignalRPub.RawWebSockets;

// The send loop: hub records into WebSocket text frames (runs of pushes into batch frames when the client asked), one
// transport write per read; then the close handshake.
internal sealed partial class RawSocketConnection
{
    private async Task SendLoopAsync(Task receiving)
    {
        var reader = _output.Reader;
        var handshakeDone = false;
        try
        {
            while (!_closeRequested)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                var consumedBefore = buffer.Length;
                var pushBatch = _pushBatch;
                if (_stream is not null)
                {
                    await _stream.BeginBatchAsync().ConfigureAwait(false);
                }

                try
                {
                    while (!_closeRequested && TryReadRecord(ref buffer, out var record))
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

                        if (_stream is null)
                        {
                            await SendAsync(record).ConfigureAwait(false);
                        }
                        else if (pushBatch && PushBatchWriter.IsPush(record))
                        {
                            PushBatchWriter.Append(_stream, record, ref buffer, MaxPushBatchBytes);
                        }
                        else
                        {
                            _stream.AppendTextFrame(record);
                        }
                    }
                }
                finally
                {
                    _guard.Consumed(consumedBefore - buffer.Length);
                    reader.AdvanceTo(buffer.Start, buffer.End);
                    if (_stream is not null)
                    {
                        // Every frame of this read leaves in one write, and the batch gives the write lock back.
                        _guard.SendStarted();
                        await _stream.EndBatchAsync(CancellationToken.None).ConfigureAwait(false);
                        _guard.SendCompleted();
                    }
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

    /// <summary>Takes the next record (up to its 0x1e separator) off the front of <paramref name="buffer"/>.</summary>
    internal static bool TryReadRecord(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> record)
    {
        if (buffer.IsSingleSegment)
        {
            // The usual case, a block holding whole records: search the span, not the sequence.
            var end = buffer.FirstSpan.IndexOf(PubFrameHubProtocol.RecordSeparator);
            if (end < 0)
            {
                record = default;
                return false;
            }

            record = buffer.Slice(0, end);
            buffer = buffer.Slice(end + 1);
            return true;
        }

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
                _stream?.StopPings();
                await _socket.CloseOutputAsync(_closeStatus, _closeReason, timeout.Token).ConfigureAwait(false);
            }

            await receiving.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            Abort();
        }
    }
}
