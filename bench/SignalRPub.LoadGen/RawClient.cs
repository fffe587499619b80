using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace SignalRPub.LoadGen;

/// <summary>A raw WebSocket client of the gateway: request/response frames and a push callback.</summary>
internal sealed class RawClient(Uri uri) : ISoakClient
{
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ReceiveGate _gate = new();
    private TaskCompletionSource<JsonDocument>? _pending;
    private Task? _receiving;

    public Action<ReadOnlyMemory<byte>>? OnPush { get; set; }

    /// <summary>Asks for batch frames (PROTOCOL.md §4) in every request's header; only <c>register</c> reads it.</summary>
    public bool PushBatch { get; init; }

    public Task Closed => _receiving ?? Task.CompletedTask;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await _socket.ConnectAsync(uri, cancellationToken);
        _receiving = ReceiveLoopAsync();
    }

    /// <summary>Sends one request frame and waits for its response; one request at a time per client.</summary>
    public Task<JsonDocument> RequestAsync(string uri, object body, CancellationToken cancellationToken) =>
        RequestFrameAsync(
            PushBatch
                ? JsonSerializer.SerializeToUtf8Bytes(new { uri, header = new { msgId = "1", pushBatch = true }, body })
                : JsonSerializer.SerializeToUtf8Bytes(new { uri, header = new { msgId = "1" }, body }),
            cancellationToken);

    public async Task<JsonDocument> RequestFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        var pending = new TaskCompletionSource<JsonDocument>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending = pending;
        await SendAsync(frame, WebSocketMessageType.Text, cancellationToken);
        return await pending.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }

    /// <summary>Sends one message of any type and content, expecting no answer.</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> message, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(message, type, true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public void Abort() => _socket.Abort();

    public void PauseReceiving() => _gate.Pause();

    public void ResumeReceiving() => _gate.Resume();

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                await _gate.WaitAsync();
                var result = await _socket.ReceiveAsync(buffer.GetMemory(4096), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                buffer.Advance(result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                Dispatch(buffer.WrittenMemory);
                buffer.ResetWrittenCount();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            _pending?.TrySetException(new WebSocketException("closed"));
        }
    }

    private void Dispatch(ReadOnlyMemory<byte> message)
    {
        // Pushes start with {"type":"push" — checked without parsing, to keep the client cheap.
        if (message.Span.StartsWith("{\"type\":\"push\""u8))
        {
            OnPush?.Invoke(message);
            return;
        }

        if (message.Span.StartsWith("{\"type\":\"batch\""u8))
        {
            DispatchBatch(message);
            return;
        }

        try
        {
            // A copy: the document would otherwise read the receive buffer, which the next message overwrites.
            _pending?.TrySetResult(JsonDocument.Parse(message.ToArray()));
        }
        catch (JsonException ex)
        {
            _pending?.TrySetException(ex);
        }
    }

    // Each element of "frames" is a push frame byte for byte: handed on as a slice of the message, nothing copied. The
    // elements are found by a scan that knows only braces, strings and escapes (the gateway wrote valid JSON; a
    // tokenizer would read every push twice, once here and once in the handler, and make the client the limit).
    private void DispatchBatch(ReadOnlyMemory<byte> message)
    {
        var span = message.Span;
        var at = span.IndexOf((byte)'[') + 1;
        while (at > 0 && at < span.Length && span[at] == (byte)'{')
        {
            var end = ObjectEnd(span, at);
            if (end < 0)
            {
                // A batch cut short: the pushes it held are missing from the count, which the report shows as loss.
                return;
            }

            OnPush?.Invoke(message[at..(end + 1)]);
            at = end + 1;
            if (at < span.Length && span[at] == (byte)',')
            {
                at++;
            }
        }
    }

    // The index of the brace that closes the object opening at start, or -1.
    private static int ObjectEnd(ReadOnlySpan<byte> span, int start)
    {
        var depth = 0;
        var at = start;
        while (at < span.Length)
        {
            var next = span[at..].IndexOfAny("{}\""u8);
            if (next < 0)
            {
                return -1;
            }

            at += next;
            switch (span[at])
            {
                case (byte)'{':
                    depth++;
                    break;
                case (byte)'}':
                    if (--depth == 0)
                    {
                        return at;
                    }

                    break;
                default:
                    // A string: on to its closing quote, past escaped characters.
                    at++;
                    while (at < span.Length)
                    {
                        var quoteOrEscape = span[at..].IndexOfAny((byte)'"', (byte)'\\');
                        if (quoteOrEscape < 0)
                        {
                            return -1;
                        }

                        at += quoteOrEscape;
                        if (span[at] == (byte)'"')
                        {
                            break;
                        }

                        at += 2;
                    }

                    break;
            }

            at++;
        }

        return -1;
    }

    public ValueTask DisposeAsync() => SocketClose.CloseAsync(_socket, _receiving);

    public static string Status(JsonDocument response) =>
        response.RootElement.GetProperty("status").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) + " " +
        Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(response.RootElement.GetProperty("body")));
}
