namespace SignalRPub.FunctionalTests.Clients.DotNet;

/// <summary>The three ways a <c>SignalRPubClient</c> can talk to the gateway.</summary>
public enum ClientKind
{
    WebSocket,
    SignalRJson,
    SignalRMessagePack,
}
