using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;

namespace SignalRPub.LoadGen;

/// <summary>
/// SignalR's JSON hub protocol spoken over a bare <see cref="ClientWebSocket"/> (no negotiate), so that the
/// client is not the bottleneck: records end with 0x1e and several may share one WebSocket message.
/// </summary>
internal sealed class SignalRJsonClient(Uri uri) : ISoakClient
{
    private const byte RecordSeparator = 0x1e;

    // SignalR closes a client it has not heard from for 30 s (its ClientTimeoutInterval); its own clients ping every 15 s.
    private static readonly TimeSpan s_keepAlive = TimeSpan.FromSeconds(15);
    private static readonly byte[] s_ping = "{\"type\":6}\u001e"u8.ToArray();

    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ReceiveGate _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource<JsonDocument>? _pending;
    private TaskCompletionSource? _handshake;
    private Task? _receiving;
    private Task? _pinging;
    private int _invocation;

    public Action<ReadOnlyMemory<byte>>? OnPush { get; set; }

    public Task Closed => _receiving ?? Task.CompletedTask;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await _socket.ConnectAsync(uri, cancellationToken);
        _handshake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _receiving = ReceiveLoopAsync();
        await SendAsync("{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray(), cancellationToken);
        await _handshake.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        _pinging = PingLoopAsync();
    }

    public Task<JsonDocument> RequestAsync(string target, object body, CancellationToken cancellationToken) =>
        RequestFrameAsync(JsonSerializer.SerializeToUtf8Bytes(new { uri = target, header = new { msgId = "1" }, body }), cancellationToken);

    /// <summary>Invokes the hub's <c>Request</c> with the frame's bytes as its argument, as they are.</summary>
    public async Task<JsonDocument> RequestFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _invocation).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var message = new ArrayBufferWriter<byte>(frame.Length + 96);
        message.Write(Encoding.UTF8.GetBytes($"{{\"type\":1,\"invocationId\":\"{id}\",\"target\":\"Request\",\"arguments\":["));
        message.Write(frame.Span);
        message.Write("]}\u001e"u8);
        var pending = new TaskCompletionSource<JsonDocument>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending = pending;
        await SendAsync(message.WrittenMemory, cancellationToken);
        return await pending.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }

    public void Abort() => _socket.Abort();

    public void PauseReceiving() => _gate.Pause();

    public void ResumeReceiving() => _gate.Resume();

    private async Task SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(message, WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task PingLoopAsync()
    {
        using var timer = new PeriodicTimer(s_keepAlive);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token) && _socket.State == WebSocketState.Open)
            {
                await SendAsync(s_ping, _stopping.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(16384);
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                await _gate.WaitAsync();
                var result = await _socket.ReceiveAsync(buffer.GetMemory(16384), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                buffer.Advance(result.Count);
                var data = buffer.WrittenMemory;
                int end;
                var consumed = 0;
                while ((end = data.Span[consumed..].IndexOf(RecordSeparator)) >= 0)
                {
                    Dispatch(data.Slice(consumed, end));
                    consumed += end + 1;
                }

                var rest = data[consumed..].ToArray();
                buffer.ResetWrittenCount();
                buffer.Write(rest);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            _pending?.TrySetException(new WebSocketException("closed"));
            _handshake?.TrySetException(new WebSocketException("closed"));
        }
    }

    private void Dispatch(ReadOnlyMemory<byte> record)
    {
        var span = record.Span;
        if (_handshake is { Task.IsCompleted: false })
        {
            _handshake.TrySetResult();
            return;
        }

        if (span.StartsWith("{\"type\":1,"u8))
        {
            OnPush?.Invoke(record);
        }
        else if (span.StartsWith("{\"type\":3,"u8))
        {
            Complete(record);
        }
    }

    /// <summary>A completion carries the response frame as its result, or an error when the hub method threw.</summary>
    private void Complete(ReadOnlyMemory<byte> record)
    {
        try
        {
            using var completion = JsonDocument.Parse(record);
            if (completion.RootElement.TryGetProperty("result", out var result))
            {
                _pending?.TrySetResult(JsonDocument.Parse(result.GetRawText()));
            }
            else
            {
                var error = completion.RootElement.TryGetProperty("error", out var e) ? e.GetString() : "no result";
                _pending?.TrySetException(new HubException(error ?? "no result"));
            }
        }
        catch (JsonException ex)
        {
            _pending?.TrySetException(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await SocketClose.CloseAsync(_socket, _receiving);
        if (_pinging is not null)
        {
            await _pinging.WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(_ => { });
        }

        _stopping.Dispose();
    }
}
