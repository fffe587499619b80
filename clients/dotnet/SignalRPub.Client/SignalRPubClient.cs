using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SignalRPub.Client.Internal;

namespace SignalRPub.Client;

/// <summary>
/// A connection to a SignalRPub gateway over a plain WebSocket or SignalR: it registers, subscribes, sends requests
/// correlated by <c>msgId</c>, delivers pushes, and reconnects (registering again and restoring its topics) when the
/// connection is lost. Thread-safe: any number of requests may be in flight at once.
/// </summary>
public sealed partial class SignalRPubClient : IAsyncDisposable
{
    private static readonly IReadOnlySet<string> s_noTopics = new HashSet<string>();

    private readonly SignalRPubClientOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _pending = new(StringComparer.Ordinal);
    private long _lastMsgId;
    private IPubTransport? _transport;
    private volatile SignalRPubConnectionState _state;
    private volatile IReadOnlySet<string> _topics = s_noTopics;
    private volatile string? _connectionId;
    private volatile string? _connectionToken;
    private CancellationTokenSource? _lifetime;
    private bool _closingOnPurpose;
    private bool _disposed;

    /// <summary>Creates a client; nothing is opened until <see cref="ConnectAsync"/>.</summary>
    /// <exception cref="ArgumentException">The options are not valid; the message lists every problem.</exception>
    public SignalRPubClient(SignalRPubClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("The client options are not valid: " + string.Join("; ", errors), nameof(options));
        }

        _options = options;
        _logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SignalRPubClient>();
        _dispatch = CreateDispatchChannel(options.PushBufferCapacity);
        _ = Task.Run(DispatchLoopAsync);
    }

    /// <summary>The connection's state now.</summary>
    public SignalRPubConnectionState State => _state;

    /// <summary>
    /// Raised on every change of <see cref="State"/>, in order, on the thread that made the change. Handlers must not block;
    /// an exception thrown by one is logged and ignored.
    /// </summary>
    public event EventHandler<SignalRPubStateChangedEventArgs>? StateChanged;

    /// <summary>The id the gateway gave the connection at its last registration (a new one after every reconnect), or <see langword="null"/>.</summary>
    public string? ConnectionId => _connectionId;

    /// <summary>The token of the connection's last registration, for the HTTP form of actions (docs/protocol.md §6), or <see langword="null"/>.</summary>
    public string? ConnectionToken => _connectionToken;

    /// <summary>
    /// The topic set the gateway last confirmed: the <c>topics</c> of the latest successful subscription answer (whichever
    /// method or route it came from), empty after <see cref="ConnectAsync"/>. It is the set restored after a reconnect.
    /// </summary>
    public IReadOnlySet<string> Topics => _topics;

    /// <summary>Opens the connection and registers it (with <see cref="SignalRPubClientOptions.RegisterHeaders"/> and <see cref="SignalRPubClientOptions.RegisterBody"/>).</summary>
    /// <remarks>
    /// A failure is not retried: the state returns to <see cref="SignalRPubConnectionState.Disconnected"/> and the error is
    /// thrown. Reconnecting applies only to a connection that was established.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The client is not <see cref="SignalRPubConnectionState.Disconnected"/>.</exception>
    /// <exception cref="SignalRPubException">The gateway (or its upstream) refused the registration.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_state != SignalRPubConnectionState.Disconnected)
            {
                throw new InvalidOperationException($"The client is {_state}; connect only a disconnected client.");
            }

            _closingOnPurpose = false;
            _topics = s_noTopics;
            _lifetime?.Dispose();
            _lifetime = new CancellationTokenSource();
            SetState(SignalRPubConnectionState.Connecting, null);
        }

        try
        {
            await OpenAsync(restore: s_noTopics, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await CloseTransportAsync().ConfigureAwait(false);
            lock (_lock)
            {
                if (_state == SignalRPubConnectionState.Connecting)
                {
                    SetState(SignalRPubConnectionState.Disconnected, e);
                }
            }

            throw;
        }

        lock (_lock)
        {
            if (_state == SignalRPubConnectionState.Connecting)
            {
                SetState(SignalRPubConnectionState.Connected, null);
            }
        }
    }

    /// <summary><c>sub_add</c>: adds <paramref name="topics"/> to the connection's set and returns the whole set the gateway confirmed.</summary>
    /// <exception cref="SignalRPubException">The gateway refused (e.g. <c>400 invalid_topic</c>, an upstream's refusal).</exception>
    public Task<IReadOnlySet<string>> SubscribeAsync(IEnumerable<string> topics, CancellationToken cancellationToken = default) =>
        SubscriptionAsync(_options.Routes.SubAdd, topics, cancellationToken);

    /// <summary><c>sub_put</c>: makes <paramref name="topics"/> the connection's whole set and returns the set the gateway confirmed.</summary>
    /// <exception cref="SignalRPubException">The gateway refused.</exception>
    public Task<IReadOnlySet<string>> ReplaceAsync(IEnumerable<string> topics, CancellationToken cancellationToken = default) =>
        SubscriptionAsync(_options.Routes.SubPut, topics, cancellationToken);

    /// <summary><c>sub_delete</c>: removes <paramref name="topics"/> from the connection's set and returns the set the gateway confirmed.</summary>
    /// <exception cref="SignalRPubException">The gateway refused.</exception>
    public Task<IReadOnlySet<string>> UnsubscribeAsync(IEnumerable<string> topics, CancellationToken cancellationToken = default) =>
        SubscriptionAsync(_options.Routes.SubDelete, topics, cancellationToken);

    /// <summary>
    /// Sends one request frame to <paramref name="uri"/> (an action route, possibly with a query string) and returns its
    /// successful answer. The frame's <c>header</c> holds <paramref name="headers"/> and the client's <c>msgId</c>.
    /// </summary>
    /// <param name="uri">The action route's URI, e.g. <c>/60150/ormp/subscribe/accountSubscribe</c>.</param>
    /// <param name="body">The body, serialised with <see cref="SignalRPubClientOptions.SerializerOptions"/>; <see langword="null"/> sends <c>{}</c>.</param>
    /// <param name="headers">Extra headers for the frame (passed on to the upstream); a <c>msgId</c> among them is ignored.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <exception cref="SignalRPubException">The answer's status is not 2xx.</exception>
    /// <exception cref="TimeoutException">No answer within <see cref="SignalRPubClientOptions.RequestTimeout"/>.</exception>
    /// <exception cref="IOException">The connection was lost before the answer came.</exception>
    /// <exception cref="InvalidOperationException">The client is not <see cref="SignalRPubConnectionState.Connected"/>.</exception>
    public async Task<SignalRPubResponse> RequestAsync(
        string uri,
        object? body = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        var frame = await SendAsync(ConnectedTransport(), uri, body, headers, cancellationToken).ConfigureAwait(false);
        return ToResponse(frame);
    }

    /// <summary>
    /// The <c>disconnect</c> action: the gateway answers, then closes the connection. The client does not reconnect and
    /// becomes <see cref="SignalRPubConnectionState.Disconnected"/>; it may connect again later (with a new id).
    /// While connecting or reconnecting, it stops that instead; when disconnected, it does nothing.
    /// </summary>
    /// <exception cref="SignalRPubException">The gateway refused the disconnect (e.g. its upstream did); the connection stays open.</exception>
    public async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        IPubTransport? transport;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_state == SignalRPubConnectionState.Disconnected)
            {
                return;
            }

            _closingOnPurpose = true;
            transport = _state == SignalRPubConnectionState.Connected ? _transport : null;
        }

        if (transport is not null)
        {
            try
            {
                await SendAsync(transport, _options.Routes.Disconnect, null, null, cancellationToken).ConfigureAwait(false);
            }
            catch (SignalRPubException)
            {
                lock (_lock)
                {
                    _closingOnPurpose = false;
                }

                throw;
            }
            catch (IOException)
            {
                // The connection ended while the answer was on its way: disconnected all the same.
            }
        }

        await StopAsync().ConfigureAwait(false);
    }

    /// <summary>Closes the connection without a <c>disconnect</c> action (the gateway sees the socket close), stops reconnecting, and ends every <see cref="ReadAllAsync"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _closingOnPurpose = true;
        }

        FailPending(new ObjectDisposedException(nameof(SignalRPubClient)));
        await StopAsync().ConfigureAwait(false);
        _dispatch.Writer.TryComplete();
        CompleteReaders();

        // Not awaiting the handlers' loop: a handler may be the one disposing the client. It stops at its next push.
        _lifetime?.Dispose();
    }

    private async Task<IReadOnlySet<string>> SubscriptionAsync(string route, IEnumerable<string> topics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var list = topics as IReadOnlyCollection<string> ?? [.. topics];
        var response = await RequestAsync(route, new Dictionary<string, object> { ["topics"] = list }, null, cancellationToken).ConfigureAwait(false);
        return TopicsOf(response.Body) ?? throw new SignalRPubException(
            response.Status, null, $"The answer of {route} holds no topics array.", response.Body);
    }

    private IPubTransport ConnectedTransport()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_state != SignalRPubConnectionState.Connected || _transport is null)
            {
                throw new InvalidOperationException($"The client is {_state}; requests need a connected client.");
            }

            return _transport;
        }
    }

    /// <summary>Changes the state and raises <see cref="StateChanged"/>; called under <see cref="_lock"/>, so events keep their order.</summary>
    private void SetState(SignalRPubConnectionState state, Exception? error)
    {
        var previous = _state;
        if (previous == state)
        {
            return;
        }

        _state = state;
        Log.StateChanged(_logger, previous, state);
        try
        {
            StateChanged?.Invoke(this, new SignalRPubStateChangedEventArgs(previous, state, error));
        }
        catch (Exception e)
        {
            Log.StateHandlerFailed(_logger, e);
        }
    }
}
