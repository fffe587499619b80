namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>The SignalR hub protocol a <see cref="HubClient"/> speaks.</summary>
public enum HubProtocolKind
{
    Json,
    MessagePack,
}
