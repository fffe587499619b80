using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace SignalRPub.Client.Internal;

/// <summary>
/// A plain WebSocket on an entry route: one JSON text message per frame in both directions (or, inbound, a batch frame
/// of several pushes), one receive loop, and one send at a time (a <see cref="ClientWebSocket"/> allows no more).
/// </summary>
internal sealed partial class RawWebSocketTransport : IPubTransport
{
    private static readonly TimeSpan s_closeWait = TimeSpan.FromSeconds(2);

    private readonly Uri _url;
    private readonly ITransportSink _sink;
    private readonly JsonSerializerOptions _serializerOptions;
    private readonly ILogger _logger;
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _sendBuffer = new(1024);
    private readonly Utf8JsonWriter _sendWriter;
    private Task _receiveLoop = Task.CompletedTask;
    private volatile bool _stopping;

    public RawWebSocketTransport(Uri url, Action<ClientWebSocketOptions>? configure, ITransportSink sink, JsonSerializerOptions serializerOptions, ILogger logger)
    {
        _url = url;
        _sink = sink;
        _serializerOptions = serializerOptions;
        _logger = logger;
        _sendWriter = new Utf8JsonWriter(_sendBuffer);
        configure?.Invoke(_socket.Options);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _socket.ConnectAsync(_url, cancellationToken).ConfigureAwait(false);
        _receiveLoop = Task.Run(ReceiveLoopAsync, CancellationToken.None);
    }

    public async ValueTask SendAsync(OutgoingFrame frame, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _sendBuffer.ResetWrittenCount();
            _sendWriter.Reset(_sendBuffer);
            FrameWriter.Write(_sendWriter, frame, _serializerOptions);
            _sendWriter.Flush();

            // Never cancel a WebSocket send: cancelling aborts the socket. The caller's wait is bounded by its timeout.
            await _socket.SendAsync(_sendBuffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                using var timeout = new CancellationTokenSource(s_closeWait);
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "client closing", timeout.Token).ConfigureAwait(false);
                await _receiveLoop.WaitAsync(s_closeWait).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or TimeoutException or ObjectDisposedException)
            {
                Log.CloseFailed(_logger, e);
            }
        }

        _socket.Abort();
        try
        {
            await _receiveLoop.WaitAsync(s_closeWait).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        _socket.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(8192);
        Exception? error = null;
        var intentional = false;
        try
        {
            while (true)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    // Never cancel a pending receive: that aborts the socket. DisposeAsync aborts it instead.
                    result = await _socket.ReceiveAsync(buffer.GetMemory(4096), CancellationToken.None).ConfigureAwait(false);
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                if (result.MessageType == WebSocketMessageType.Text)
                {
                    await DispatchAsync(buffer.WrittenMemory).ConfigureAwait(false);
                }
            }

            // A disconnect action (ours, or a backend's over HTTP) ends the connection for good: 1000 "disconnect".
            intentional = _socket.CloseStatus == WebSocketCloseStatus.NormalClosure && _socket.CloseStatusDescription == "disconnect";
            if (!intentional)
            {
                error = new IOException($"The gateway closed the connection: {(int?)_socket.CloseStatus} {_socket.CloseStatusDescription}".TrimEnd());
            }

            if (_socket.State == WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(s_closeWait);
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            error ??= e;
        }
        finally
        {
            _sink.OnClosed(this, intentional || _stopping, error);
        }
    }

    private ValueTask DispatchAsync(ReadOnlyMemory<byte> message)
    {
        JsonElement frame;
        try
        {
            var reader = new Utf8JsonReader(message.Span);
            frame = JsonElement.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            Log.UnreadableFrame(_logger, e);
            return ValueTask.CompletedTask;
        }

        if (frame.ValueKind != JsonValueKind.Object || !frame.TryGetProperty("type"u8, out var type))
        {
            return ValueTask.CompletedTask;
        }

        if (type.ValueEquals("push"u8))
        {
            return PushAsync(frame);
        }

        if (type.ValueEquals("batch"u8))
        {
            return frame.TryGetProperty("frames"u8, out var frames) && frames.ValueKind == JsonValueKind.Array
                ? BatchAsync(frames)
                : ValueTask.CompletedTask;
        }

        if (type.ValueEquals("response"u8))
        {
            _sink.OnResponse(frame);
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask PushAsync(JsonElement frame) =>
        frame.TryGetProperty("topic"u8, out var topic) && topic.ValueKind == JsonValueKind.String
            ? _sink.OnPushAsync(topic.GetString()!, frame.TryGetProperty("data"u8, out var data) ? data : ErrorBodies.Null)
            : ValueTask.CompletedTask;

    // A batch frame's pushes, each as if it had come alone, in order (docs/protocol.md §4).
    private async ValueTask BatchAsync(JsonElement frames)
    {
        foreach (var frame in frames.EnumerateArray())
        {
            if (frame.ValueKind == JsonValueKind.Object && frame.TryGetProperty("type"u8, out var type) && type.ValueEquals("push"u8))
            {
                await PushAsync(frame).ConfigureAwait(false);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "A frame from the gateway is not JSON and was ignored.")]
        public static partial void UnreadableFrame(ILogger logger, Exception exception);

        [LoggerMessage(2, LogLevel.Debug, "Closing the WebSocket did not complete cleanly.")]
        public static partial void CloseFailed(ILogger logger, Exception exception);
    }
}
