using SignalRPub.Connections;

namespace SignalRPub.RawWebSockets;

/// <summary>Marks a hub connection as a raw WebSocket and carries what the hub needs to know of it.</summary>
internal sealed class RawConnectionFeature(string entryId, string? remoteIp, RawSocketConnection connection)
{
    public string EntryId { get; } = entryId;

    public string? RemoteIp { get; } = remoteIp;

    public RawSocketConnection Connection { get; } = connection;
}
