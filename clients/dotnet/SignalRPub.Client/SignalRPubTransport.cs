namespace SignalRPub.Client;

/// <summary>How a <see cref="SignalRPubClient"/> talks to the gateway.</summary>
public enum SignalRPubTransport
{
    /// <summary>A plain WebSocket on an entry route (e.g. <c>ws://127.0.0.1:9080/msg-pub</c>): one JSON text frame per message.</summary>
    WebSocket,

    /// <summary>A SignalR connection to the hub (e.g. <c>http://127.0.0.1:9080/hub?entry=1</c>), JSON or MessagePack.</summary>
    SignalR,
}
