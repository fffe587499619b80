using System.Text.Json;
using SignalRPub.Client.Internal;

namespace SignalRPub.Client;

/// <summary>Opening, losing and reconnecting the connection.</summary>
public sealed partial class SignalRPubClient
{
    private const string PushBatchHeader = "pushBatch";

    /// <summary>Opens a new transport, registers on it, and restores <paramref name="restore"/> with one <c>sub_put</c> when it is not empty.</summary>
    private async Task OpenAsync(IReadOnlySet<string> restore, CancellationToken cancellationToken)
    {
        IPubTransport transport;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_closingOnPurpose && _state == SignalRPubConnectionState.Reconnecting)
            {
                throw new OperationCanceledException("The client was disconnected while reconnecting.");
            }

            _transport = transport = CreateTransport();
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            await transport.StartAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Could not connect to {_options.Url} within {_options.RequestTimeout.TotalSeconds} s.");
        }

        var register = ToResponse(await SendAsync(transport, _options.Routes.Register, _options.RegisterBody, RegisterHeaders(), cancellationToken).ConfigureAwait(false));
        lock (_lock)
        {
            _connectionId = StringOf(register.Body, "connectionId"u8);
            _connectionToken = StringOf(register.Body, "connectionToken"u8);
        }

        if (restore.Count > 0)
        {
            ToResponse(await SendAsync(transport, _options.Routes.SubPut, new Dictionary<string, object> { ["topics"] = restore }, null, cancellationToken).ConfigureAwait(false));
        }
    }

    // The gateway reads "pushBatch" without regard to case: one of the caller's own would contradict ours.
    private IEnumerable<KeyValuePair<string, string>> RegisterHeaders() =>
        _options.PushBatching && _options.Transport == SignalRPubTransport.WebSocket
            ? _options.RegisterHeaders
                .Where(h => !string.Equals(h.Key, PushBatchHeader, StringComparison.OrdinalIgnoreCase))
                .Append(new(PushBatchHeader, "true"))
            : _options.RegisterHeaders;

    private IPubTransport CreateTransport() => _options.Transport == SignalRPubTransport.SignalR
        ? new HubTransport(_options.Url!, _options.Protocol, _options.ConfigureSignalR, new TransportSink(this), _options.SerializerOptions)
        : new RawWebSocketTransport(_options.Url!, _options.ConfigureWebSocket, new TransportSink(this), _options.SerializerOptions, _logger);

    private void OnClosed(IPubTransport transport, bool intentional, Exception? error)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(transport, _transport))
            {
                return;
            }

            _transport = null;
            FailPending(new IOException("The connection to the gateway was lost before the answer came.", error));
            OnCurrentTransportClosed(intentional, error);
        }

        // The transport is finished; let it release its socket without holding up its own receive path.
        _ = Task.Run(() => transport.DisposeAsync().AsTask(), CancellationToken.None);
    }

    /// <summary>Decides what follows the loss of the connection; called under <see cref="_lock"/>.</summary>
    private void OnCurrentTransportClosed(bool intentional, Exception? error)
    {
        if (_state != SignalRPubConnectionState.Connected)
        {
            // Connecting or reconnecting: the attempt fails on its own and decides what comes next.
            return;
        }

        if (intentional || _closingOnPurpose || !_options.Reconnect.Enabled || _disposed)
        {
            Log.Closed(_logger, error);
            SetState(SignalRPubConnectionState.Disconnected, intentional || _closingOnPurpose ? null : error);
            return;
        }

        Log.ConnectionLost(_logger, error);
        SetState(SignalRPubConnectionState.Reconnecting, error);
        var restore = _topics;
        var lifetime = _lifetime!.Token;
        _ = Task.Run(() => ReconnectAsync(restore, lifetime), CancellationToken.None);
    }

    private async Task ReconnectAsync(IReadOnlySet<string> restore, CancellationToken lifetime)
    {
        var policy = _options.Reconnect;
        Exception? lastError = null;
        for (var attempt = 1; policy.MaxAttempts is not { } max || attempt <= max; attempt++)
        {
            try
            {
                await Task.Delay(Backoff.Delay(policy, attempt), lifetime).ConfigureAwait(false);
                await OpenAsync(restore, lifetime).ConfigureAwait(false);
                lock (_lock)
                {
                    if (_state == SignalRPubConnectionState.Reconnecting && _transport is not null)
                    {
                        Log.Reconnected(_logger, attempt, _connectionId);
                        SetState(SignalRPubConnectionState.Connected, null);
                        return;
                    }
                }

                // The new connection was lost again while it was being set up.
                lastError = new IOException("The connection was lost while it was being restored.");
            }
            catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception e)
            {
                lastError = e;
                await CloseTransportAsync().ConfigureAwait(false);
                if (IsRefusal(e))
                {
                    Log.ReconnectRefused(_logger, e);
                    break;
                }

                Log.ReconnectFailed(_logger, attempt, e);
            }
        }

        lock (_lock)
        {
            if (_state == SignalRPubConnectionState.Reconnecting)
            {
                SetState(SignalRPubConnectionState.Disconnected, lastError);
            }
        }
    }

    /// <summary>An answer that asking again will not change: a 4xx other than 408 and 429.</summary>
    private static bool IsRefusal(Exception error) =>
        error is SignalRPubException { Status: >= 400 and < 500 and not 408 and not 429 };

    /// <summary>Stops reconnecting, closes the connection on purpose, and becomes <see cref="SignalRPubConnectionState.Disconnected"/>.</summary>
    private async Task StopAsync()
    {
        lock (_lock)
        {
            _closingOnPurpose = true;
            _lifetime?.Cancel();
        }

        await CloseTransportAsync().ConfigureAwait(false);
        lock (_lock)
        {
            SetState(SignalRPubConnectionState.Disconnected, null);
        }
    }

    private async Task CloseTransportAsync()
    {
        IPubTransport? transport;
        lock (_lock)
        {
            transport = _transport;
            _transport = null;
        }

        if (transport is not null)
        {
            FailPending(new IOException("The connection to the gateway was closed before the answer came."));
            await transport.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string? StringOf(JsonElement element, ReadOnlySpan<byte> name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
