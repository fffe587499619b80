using System.IO.Pipelines;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Connections.Features;
using Microsoft.Extensions.Logging;
using SignalRPub.Connections;
using SignalRPub.Internal;

namespace SignalRPub.RawWebSockets;

/// <summary>
/// Bridges one plain WebSocket into the hub: a hub connection over two pipes, spoken in the raw-frame protocol.
/// The receive loop turns each (reassembled) text message into a length-prefixed record; the send loop turns
/// each record the hub writes into one text message (or, for a client that asked at register, a run of pushes into
/// one batch frame). Close codes follow PROTOCOL.md §8.
/// </summary>
internal sealed partial class RawSocketConnection : IConnectionCloser, IIdleTracker, IPushBatchSwitch
{
    private static readonly byte[] s_handshake = "{\"protocol\":\"pubframe\",\"version\":1}\u001e"u8.ToArray();
    private static readonly TimeSpan s_closeHandshakeTimeout = TimeSpan.FromSeconds(5);

    // One for every connection's input pipe: the options hold nothing of a connection's own.
    private static readonly PipeOptions s_inputOptions = new(useSynchronizationContext: false);

    private readonly WebSocket _socket;
    private readonly BatchingStream? _stream;
    private readonly int _maxFrameBytes;
    private readonly LogThrottle _failureLog;
    private readonly ILogger _logger;
    private readonly Pipe _input = new(s_inputOptions);
    private readonly Pipe _output;
    private readonly OutboundGuard _guard;
    // What the socket runs on, an upgraded HttpContext or a ConnectionContext accepted below HTTP: aborting it ends a
    // read pending on the socket's stream, which aborting the WebSocket alone does not.
    private object? _transport;
    private int _closing;

    // Set once the close status and reason are (a flag, not a cancellation source: nothing waits on it).
    private volatile bool _closeRequested;
    private long _lastPing = Environment.TickCount64;
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private string _closeReason = "closing";

    // Read by the send loop once per read of the output pipe; set by register before its answer is written.
    private volatile bool _pushBatch;

    public RawSocketConnection(WebSocket socket, BatchingStream? stream, int maxFrameBytes, OutboundGuard guard, FrameBufferPool buffers, LogThrottle failureLog, ILogger logger)
    {
        _output = new Pipe(buffers.UnboundedPipeOptions);
        _socket = socket;
        _stream = stream;
        _maxFrameBytes = maxFrameBytes;
        _guard = guard;
        _failureLog = failureLog;
        _logger = logger;
        guard.Closer = this;
    }

    /// <summary>Runs the connection of a socket upgraded from <paramref name="httpContext"/> until the socket and the hub connection have both ended.</summary>
    public Task RunAsync(HttpContext httpContext, string connectionId, RawConnectionFeature feature, ConnectionDelegate hub)
    {
        _transport = httpContext;
        var context = NewHubContext(connectionId, feature);
        context.User = httpContext.User;
        context.Features.Set<IHttpContextFeature>(new HttpContextFeature(httpContext));
        return RunAsync(context, connectionId, hub);
    }

    /// <summary>The same for a socket accepted below HTTP on <paramref name="connection"/>: there is no request, and no user.</summary>
    public Task RunAsync(ConnectionContext connection, string connectionId, RawConnectionFeature feature, ConnectionDelegate hub)
    {
        _transport = connection;
        return RunAsync(NewHubContext(connectionId, feature), connectionId, hub);
    }

    private DefaultConnectionContext NewHubContext(string connectionId, RawConnectionFeature feature)
    {
        var context = new DefaultConnectionContext(connectionId, new DuplexPipe(_input.Reader, new GuardedPipeWriter(_output.Writer, _guard)), new DuplexPipe(_output.Reader, _input.Writer));
        context.Features.Set(feature);
        context.Features.Set(_guard);
        return context;
    }

    private async Task RunAsync(DefaultConnectionContext context, string connectionId, ConnectionDelegate hub)
    {
        await _input.Writer.WriteAsync(s_handshake).ConfigureAwait(false);

        var receiving = ReceiveLoopAsync();
        var sending = SendLoopAsync(receiving);
        try
        {
            await hub(context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (_failureLog.TryEnter(out var suppressed))
            {
                Log.HubFailed(_logger, connectionId, suppressed, ex);
            }
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

    /// <summary>The largest payload of one batch frame (<see cref="LimitsOptions.MaxPushBatchBytes"/>).</summary>
    public int MaxPushBatchBytes { get; init; } = LimitsOptions.DefaultMaxPushBatchBytes;

    public void SetPushBatch(bool enabled) => _pushBatch = enabled;

    public TimeSpan IdleFor => _stream?.SinceLastRead ?? TimeSpan.Zero;

    // A socket without a BatchingStream (an HTTP/2 WebSocket) pings itself: the sweeper never finds it due.
    public TimeSpan SincePing => _stream is null ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Environment.TickCount64 - Volatile.Read(ref _lastPing));

    public void Ping()
    {
        if (_stream is not null && !IsClosed && _socket.State == WebSocketState.Open && _stream.TryPing())
        {
            Volatile.Write(ref _lastPing, Environment.TickCount64);
        }
    }

    public void AbortIdle()
    {
        Close(WebSocketCloseStatus.PolicyViolation, "idle timeout");
        Abort();
    }

    private void Abort()
    {
        _socket.Abort();
        switch (_transport)
        {
            case HttpContext httpContext:
                httpContext.Abort();
                break;
            case ConnectionContext connection:
                connection.Abort();
                break;
        }
    }

    public bool IsClosed => Volatile.Read(ref _closing) != 0;

    public void Close(WebSocketCloseStatus status, string reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        _closeStatus = status;
        _closeReason = reason;
        _closeRequested = true;
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

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "The hub connection {ConnectionId} of a raw socket failed ({Suppressed} more since the last message).")]
        public static partial void HubFailed(ILogger logger, string connectionId, int suppressed, Exception exception);
    }
}
