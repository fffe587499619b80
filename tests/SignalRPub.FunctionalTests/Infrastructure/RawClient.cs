using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>
/// A plain WebSocket client of an entry route (PROTOCOL.md §4): a receive loop reassembles each message, parses it, and
/// sorts it into responses and pushes (a batch frame's pushes in their order); every wait is bounded by
/// <see cref="TestTimeouts.Default"/>.
/// </summary>
internal sealed class RawClient : IAsyncDisposable
{
    private const string NeverHeldTopic = "never-held-by-any-test";

    private readonly ClientWebSocket _socket;
    private readonly Channel<JsonElement> _responses = Channel.CreateUnbounded<JsonElement>();
    private readonly Channel<JsonElement> _pushes = Channel.CreateUnbounded<JsonElement>();
    private readonly List<string> _unexpected = [];
    private readonly List<JsonElement> _received = [];
    private readonly TaskCompletionSource<CloseResult> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private Task _receiving = Task.CompletedTask;
    private volatile TaskCompletionSource? _paused;
    private int _lastMsgId;

    private RawClient(ClientWebSocket socket)
    {
        _socket = socket;
    }

    /// <summary>The <c>connectionId</c> of the last successful <see cref="RegisterAsync"/>.</summary>
    public string ConnectionId { get; private set; } = "";

    /// <summary>The <c>connectionToken</c> of the last successful <see cref="RegisterAsync"/>.</summary>
    public string ConnectionToken { get; private set; } = "";

    /// <summary>The header naming this connection in an HTTP action: <c>Authorization: Bearer &lt;connectionToken&gt;</c>.</summary>
    public (string Name, string Value) Authorization => ("Authorization", $"Bearer {ConnectionToken}");

    /// <summary>Messages that were neither a response nor a push frame (binary, not JSON, or another type).</summary>
    public IReadOnlyList<string> Unexpected
    {
        get
        {
            lock (_unexpected)
            {
                return [.. _unexpected];
            }
        }
    }

    /// <summary>Every response, push and batch frame received so far, in order, as it arrived.</summary>
    public IReadOnlyList<JsonElement> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>
    /// Opens a WebSocket to <paramref name="uri"/>. With <paramref name="receive"/> false nothing is read until
    /// <see cref="StartReceiving"/>: the client stops reading, as a stalled consumer does (and, not reading, it
    /// answers no ping either).
    /// </summary>
    public static async Task<RawClient> ConnectAsync(Uri uri, bool receive = true)
    {
        var socket = new ClientWebSocket();

        // The client sends nothing of its own accord: pongs go out only in answer to the server's pings.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        try
        {
            await socket.ConnectAsync(uri, timeout.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var client = new RawClient(socket);
        if (receive)
        {
            client.StartReceiving();
        }

        return client;
    }

    /// <summary>Starts the receive loop of a client connected with <c>receive: false</c>.</summary>
    public void StartReceiving()
    {
        if (_receiving.IsCompleted)
        {
            _receiving = Task.Run(ReceiveLoopAsync);
        }
    }

    /// <summary>
    /// Stops reading from the socket after the message being received now: what the server sends then piles up in the
    /// socket buffers, as for a consumer that stalled (and pings go unanswered).
    /// </summary>
    public void PauseReading() => _paused ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Reads again after <see cref="PauseReading"/>.</summary>
    public void ResumeReading()
    {
        var paused = _paused;
        _paused = null;
        paused?.TrySetResult();
    }

    /// <summary>Sends one text message.</summary>
    public Task SendTextAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true);

    /// <summary>Sends one WebSocket frame; a message ends with the frame whose <paramref name="endOfMessage"/> is true.</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> bytes, WebSocketMessageType type, bool endOfMessage)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        await _sendLock.WaitAsync(timeout.Token);
        try
        {
            await _socket.SendAsync(bytes, type, endOfMessage, timeout.Token);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a request frame for <paramref name="uri"/> with <paramref name="body"/> and <paramref name="msgId"/>.</summary>
    public Task SendFrameAsync(string uri, JsonNode? body = null, JsonNode? msgId = null, string headerName = "header", string? method = null, JsonObject? extraHeader = null) =>
        SendTextAsync(Frames.Request(uri, body, msgId, headerName, method, extraHeader));

    /// <summary>Sends a request frame with a fresh string <c>msgId</c>, and returns its response after checking that it carries that id.</summary>
    public async Task<JsonElement> RequestAsync(string uri, JsonNode? body = null, JsonObject? extraHeader = null)
    {
        var msgId = $"m{Interlocked.Increment(ref _lastMsgId)}";
        await SendFrameAsync(uri, body, msgId, extraHeader: extraHeader);
        var response = await NextResponseAsync();
        Assert.True(
            JsonAssert.Property(response, "msgId").ValueKind == JsonValueKind.String && response.GetProperty("msgId").GetString() == msgId,
            $"Expected the response to msgId {msgId} but got {response.GetRawText()}.");
        return response;
    }

    /// <summary>Registers through <paramref name="uri"/> (with <paramref name="extraHeader"/>), asserts 200, and keeps the connection's id and token.</summary>
    public async Task<JsonElement> RegisterAsync(string uri = SeedUris.Register, JsonObject? extraHeader = null)
    {
        var response = await RequestAsync(uri, extraHeader: extraHeader);
        Frames.AssertStatus(response, 200);
        var body = Frames.Body(response);
        ConnectionId = JsonAssert.Property(body, "connectionId").GetString()!;
        ConnectionToken = JsonAssert.Property(body, "connectionToken").GetString()!;
        return response;
    }

    /// <summary>Adds <paramref name="topics"/> through the seed's <c>sub_add</c> route, asserting 200; returns the topic set.</summary>
    public async Task<string[]> SubscribeAsync(params string[] topics) => Frames.Topics(await RequestAsync(SeedUris.SubAdd, Frames.Topics(topics)));

    /// <summary>The connection's topic set, read without changing it (a seed <c>sub_delete</c> of a topic nobody holds); asserts 200.</summary>
    public async Task<string[]> CurrentTopicsAsync() => Frames.Topics(await RequestAsync(SeedUris.SubDelete, Frames.Topics(NeverHeldTopic)));

    /// <summary>The next response frame.</summary>
    public Task<JsonElement> NextResponseAsync(TimeSpan? timeout = null) => ReadAsync(_responses, timeout, "response");

    /// <summary>The next push frame.</summary>
    public Task<JsonElement> NextPushAsync(TimeSpan? timeout = null) => ReadAsync(_pushes, timeout, "push");

    /// <summary>The push frames that have arrived and not been read yet, without waiting.</summary>
    public List<JsonElement> DrainPushes()
    {
        var pushes = new List<JsonElement>();
        while (_pushes.Reader.TryRead(out var push))
        {
            pushes.Add(push);
        }

        return pushes;
    }

    /// <summary>Waits until the socket ends and tells how.</summary>
    public async Task<CloseResult> WaitClosedAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? TestTimeouts.Default;
        try
        {
            return await _closed.Task.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The socket was still open after {limit.TotalSeconds} s (state {_socket.State}).");
        }
    }

    /// <summary>Whether the socket has ended (a close frame arrived or the connection was cut).</summary>
    public bool IsClosed => _closed.Task.IsCompleted;

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TestTimeouts.CleanUp);
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Already gone: nothing to close.
            }
        }

        ResumeReading();
        if (!_receiving.IsCompleted)
        {
            await Task.WhenAny(_receiving, Task.Delay(TestTimeouts.CleanUp));
        }

        _socket.Abort();
        _socket.Dispose();
        _sendLock.Dispose();
    }

    private async Task<JsonElement> ReadAsync(Channel<JsonElement> channel, TimeSpan? timeout, string what)
    {
        var limit = timeout ?? TestTimeouts.Default;
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            return await channel.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No {what} frame arrived within {limit.TotalSeconds} s.");
        }
        catch (ChannelClosedException)
        {
            var close = await _closed.Task;
            throw new InvalidOperationException($"The socket ended ({close.Status?.ToString() ?? "no close frame"}: {close.Description}) before a {what} frame arrived.");
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[16 * 1024];
        var message = new ArrayBufferWriter<byte>();
        try
        {
            while (true)
            {
                if (_paused is { } paused && message.WrittenCount == 0)
                {
                    await paused.Task;
                }

                var result = await _socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _closed.TrySetResult(new CloseResult(_socket.CloseStatus, _socket.CloseStatusDescription));
                    await CompleteCloseHandshakeAsync();
                    return;
                }

                message.Write(buffer.AsSpan(0, result.Count));
                if (result.EndOfMessage)
                {
                    Dispatch(result.MessageType, message.WrittenMemory);
                    message.ResetWrittenCount();
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            _closed.TrySetResult(new CloseResult(null, e.Message));
        }
        finally
        {
            _responses.Writer.TryComplete();
            _pushes.Writer.TryComplete();
        }
    }

    private async Task CompleteCloseHandshakeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TestTimeouts.CleanUp);
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The server may already have cut the connection after its close frame.
        }
    }

    private void Dispatch(WebSocketMessageType type, ReadOnlyMemory<byte> bytes)
    {
        if (type != WebSocketMessageType.Text)
        {
            AddUnexpected($"binary message of {bytes.Length} bytes");
            return;
        }

        JsonElement frame;
        try
        {
            using var document = JsonDocument.Parse(bytes);
            frame = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            AddUnexpected(Encoding.UTF8.GetString(bytes.Span));
            return;
        }

        var kind = frame.ValueKind == JsonValueKind.Object && frame.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
            ? t.GetString()
            : null;
        switch (kind)
        {
            case "response":
                Keep(frame);
                _responses.Writer.TryWrite(frame);
                break;
            case "push":
                Keep(frame);
                _pushes.Writer.TryWrite(frame);
                break;
            case "batch" when IsBatchOfPushes(frame):
                Keep(frame);
                foreach (var push in frame.GetProperty("frames").EnumerateArray())
                {
                    _pushes.Writer.TryWrite(push);
                }

                break;
            default:
                AddUnexpected(frame.GetRawText());
                break;
        }
    }

    // A batch frame (PROTOCOL.md §4) holds push frames and nothing else.
    private static bool IsBatchOfPushes(JsonElement batch) =>
        batch.TryGetProperty("frames", out var frames)
        && frames.ValueKind == JsonValueKind.Array
        && frames.EnumerateArray().All(f => f.ValueKind == JsonValueKind.Object && f.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "push");

    private void Keep(JsonElement frame)
    {
        lock (_received)
        {
            _received.Add(frame);
        }
    }

    private void AddUnexpected(string text)
    {
        lock (_unexpected)
        {
            _unexpected.Add(text);
        }
    }
}
