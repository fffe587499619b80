using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace SignalRPub.LoadGen;

/// <summary>
/// A NATS subscriber over nats-server's WebSocket listener, as a browser would connect (the NATS client protocol in
/// binary WebSocket messages, which are only a carrier: one may hold many operations or part of one). Connected means
/// the server answered <c>CONNECT</c> + <c>PING</c> with <c>PONG</c>; subscribed, that it answered the <c>SUB</c>s'
/// <c>PING</c>, so each subscription is in place before publishing starts. A <c>MSG</c>'s payload (the published data)
/// goes to <see cref="OnPush"/> straight from the receive buffer.
/// </summary>
internal sealed class NatsClient(Uri uri) : IBenchClient
{
    private static int s_errors;

    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource _info = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _pong;
    private Task? _receiving;
    private int _nextSid = 1;

    public Action<ReadOnlyMemory<byte>>? OnPush { get; set; }

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await _socket.ConnectAsync(uri, cancellationToken);
        _receiving = ReceiveLoopAsync();
        await _info.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        await RoundTripAsync(NatsProtocol.Connect, cancellationToken);
    }

    /// <summary>Subscribes to each subject (one sid each) and returns once the server has them all.</summary>
    public async Task SubscribeAsync(IReadOnlyCollection<string> subjects, CancellationToken cancellationToken)
    {
        var commands = new StringBuilder();
        NatsProtocol.AppendSubscriptions(commands, subjects, _nextSid);
        _nextSid += subjects.Count;
        await RoundTripAsync(Encoding.UTF8.GetBytes(commands.ToString()), cancellationToken);
    }

    /// <summary>NATS has no gateway request frames: a NATS client registers by connecting and subscribes with <see cref="SubscribeAsync"/>.</summary>
    public Task<JsonDocument> RequestAsync(string uri, object body, CancellationToken cancellationToken) =>
        throw new NotSupportedException("a NATS client sends no gateway requests");

    public ValueTask DisposeAsync() => SocketClose.CloseAsync(_socket, _receiving);

    /// <summary>Sends the commands and a <c>PING</c> in one message and waits for the <c>PONG</c>: the server has processed them. One at a time.</summary>
    private async Task RoundTripAsync(byte[] commands, CancellationToken cancellationToken)
    {
        var pong = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pong = pong;
        byte[] message = [.. commands, .. NatsProtocol.Ping];
        await SendAsync(message, cancellationToken);
        await pong.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }

    private async Task SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(message, WebSocketMessageType.Binary, true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new NatsReadBuffer(4096);
        Exception closed = new WebSocketException("closed");
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer.GetMemory(4096), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                buffer.Advance(result.Count);
                var pinged = false;
                while (NatsProtocol.TryRead(buffer.Unread.Span, out var op))
                {
                    pinged |= Dispatch(op, buffer.Unread);
                    buffer.Consume(op.Length);
                }

                if (pinged)
                {
                    await SendAsync(NatsProtocol.Pong, CancellationToken.None);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        catch (InvalidDataException ex)
        {
            closed = ex;
            _socket.Abort();
        }
        finally
        {
            _info.TrySetException(closed);
            _pong?.TrySetException(closed);
        }
    }

    /// <summary>Handles one operation; true when it was the server's <c>PING</c>, to be answered after the batch.</summary>
    private bool Dispatch(NatsOp op, ReadOnlyMemory<byte> unread)
    {
        switch (op.Kind)
        {
            case NatsOpKind.Msg:
                OnPush?.Invoke(unread.Slice(op.PayloadStart, op.PayloadLength));
                return false;
            case NatsOpKind.Pong:
                _pong?.TrySetResult();
                return false;
            case NatsOpKind.Ping:
                return true;
            case NatsOpKind.Info:
                _info.TrySetResult();
                return false;
            case NatsOpKind.Err:
                // The server closes the connection after most errors (a slow consumer among them): say why, once per run.
                var error = Encoding.UTF8.GetString(unread.Span.Slice(op.PayloadStart, op.PayloadLength));
                if (Interlocked.Increment(ref s_errors) == 1)
                {
                    Console.Error.WriteLine($"nats-server to a subscriber: -ERR {error} (later errors not shown)");
                }

                _pong?.TrySetException(new LoadGenException($"nats-server answered -ERR {error}"));
                return false;
            default:
                return false;
        }
    }
}
