using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;

namespace SignalRPub.LoadGen;

/// <summary>
/// SignalR's JSON hub protocol spoken over a bare <see cref="ClientWebSocket"/> (no negotiate), so that the
/// client is not the bottleneck: records end with 0x1e and several may share one WebSocket message.
/// </summary>
internal sealed class SignalRJsonClient(Uri uri) : IBenchClient
{
    private const byte RecordSeparator = 0x1e;

    private readonly ClientWebSocket _socket = new();
    private TaskCompletionSource<JsonDocument>? _pending;
    private TaskCompletionSource? _handshake;
    private Task? _receiving;
    private int _invocation;

    public Action<ReadOnlyMemory<byte>>? OnPush { get; set; }

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await _socket.ConnectAsync(uri, cancellationToken);
        _handshake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _receiving = ReceiveLoopAsync();
        await _socket.SendAsync("{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray(), WebSocketMessageType.Text, true, cancellationToken);
        await _handshake.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }

    public async Task<JsonDocument> RequestAsync(string target, object body, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _invocation).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var frame = new { uri = target, header = new { msgId = "1" }, body };
        var message = JsonSerializer.SerializeToUtf8Bytes(new { type = 1, invocationId = id, target = "Request", arguments = new object[] { frame } });
        var pending = new TaskCompletionSource<JsonDocument>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending = pending;
        await _socket.SendAsync(message.Append(RecordSeparator).ToArray(), WebSocketMessageType.Text, true, cancellationToken);
        return await pending.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(16384);
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
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
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
        finally
        {
            _pending?.TrySetException(new WebSocketException("closed"));
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
            using var completion = JsonDocument.Parse(record);
            _pending?.TrySetResult(JsonDocument.Parse(completion.RootElement.GetProperty("result").GetRawText()));
        }
    }

    public ValueTask DisposeAsync() => SocketClose.CloseAsync(_socket, _receiving);
}
