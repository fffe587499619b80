namespace SignalRPub.Client;

/// <summary>The SignalR hub protocol of a <see cref="SignalRPubTransport.SignalR"/> connection.</summary>
public enum SignalRPubProtocol
{
    /// <summary>SignalR's JSON hub protocol (the default).</summary>
    Json,

    /// <summary>SignalR's MessagePack hub protocol. Valid with <see cref="SignalRPubTransport.SignalR"/> only.</summary>
    MessagePack,
}
