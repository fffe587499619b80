namespace SignalRPub.Connections;

/// <summary>How a connection is carried: the transport and the protocol on it, as the meter tags them.</summary>
internal enum ConnectionKind
{
    /// <summary>A raw WebSocket with JSON text frames.</summary>
    RawJson,

    /// <summary>A SignalR connection with the JSON hub protocol.</summary>
    HubJson,

    /// <summary>A SignalR connection with the MessagePack hub protocol.</summary>
    HubMessagePack,
}
