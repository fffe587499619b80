using System.Text.Json.Nodes;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>
/// What helpers such as <see cref="Witnesses"/> need of a gateway: an in-process <c>TestGateway</c> here, a node in a
/// process of its own in the Redis tests.
/// </summary>
internal interface IGatewayUnderTest
{
    /// <summary>Opens a raw WebSocket on the entry route <paramref name="path"/> and registers it.</summary>
    Task<RawClient> ConnectRegisteredAsync(string path = SeedUris.Entry, string registerUri = SeedUris.Register);

    /// <summary>Opens a hub connection of entry <paramref name="entry"/>.</summary>
    Task<HubClient> ConnectHubAsync(HubProtocolKind protocol, string? entry = SeedUris.EntryId);

    /// <summary>POSTs <c>{"topic":topic,"data":data}</c> to the publish API and asserts <c>202 {"accepted":1}</c>.</summary>
    Task PublishAsync(string topic, JsonNode? data);
}
