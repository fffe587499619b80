using SignalRPub.Client;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Clients.DotNet;

/// <summary>Options and clients of <see cref="SignalRPubClient"/> for a <see cref="TestGateway"/>, per <see cref="ClientKind"/>.</summary>
internal static class Clients
{
    public static TheoryData<ClientKind> Kinds => new() { ClientKind.WebSocket, ClientKind.SignalRJson, ClientKind.SignalRMessagePack };

    /// <summary>Options for <paramref name="kind"/> on <paramref name="gateway"/>'s seed entry, reconnecting quickly.</summary>
    public static SignalRPubClientOptions Options(TestGateway gateway, ClientKind kind) => new()
    {
        Url = kind == ClientKind.WebSocket ? gateway.WsUri() : gateway.HubUri(),
        Transport = kind == ClientKind.WebSocket ? SignalRPubTransport.WebSocket : SignalRPubTransport.SignalR,
        Protocol = kind == ClientKind.SignalRMessagePack ? SignalRPubProtocol.MessagePack : SignalRPubProtocol.Json,
        RequestTimeout = TestTimeouts.Default,
        Reconnect = new SignalRPubReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(500) },
    };

    /// <summary>A client of <paramref name="kind"/>, connected and registered, with its states recorded.</summary>
    public static async Task<(SignalRPubClient Client, StateRecorder States)> ConnectAsync(
        TestGateway gateway,
        ClientKind kind,
        Action<SignalRPubClientOptions>? configure = null)
    {
        var options = Options(gateway, kind);
        configure?.Invoke(options);
        var client = new SignalRPubClient(options);
        var states = new StateRecorder(client);
        try
        {
            using var timeout = new CancellationTokenSource(TestTimeouts.Default);
            await client.ConnectAsync(timeout.Token);
            return (client, states);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }
}
