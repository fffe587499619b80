namespace SignalRPub.Client;

/// <summary>Where a <see cref="SignalRPubClient"/> is in its life.</summary>
public enum SignalRPubConnectionState
{
    /// <summary>Not connected: before <see cref="SignalRPubClient.ConnectAsync"/>, after a disconnect, or after reconnecting gave up.</summary>
    Disconnected,

    /// <summary><see cref="SignalRPubClient.ConnectAsync"/> is opening the connection and registering.</summary>
    Connecting,

    /// <summary>Connected and registered: requests may be sent and pushes arrive.</summary>
    Connected,

    /// <summary>The connection was lost; the client is opening a new one, registering and restoring its topics.</summary>
    Reconnecting,
}
