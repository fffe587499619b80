using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Fuzzing;

/// <summary>
/// A fuzzed raw connection: registered on the seed's entry, holding a few topics to begin with, and the topic set it
/// must hold now as the fuzz test keeps track of it. Its id is known to <see cref="FuzzRoutes"/>, so the upstream may
/// name it.
/// </summary>
internal sealed class FuzzClient(RawClient client, string[] topics)
{
    private static readonly string[] s_initialTopics = ["a", "b", "hq_100001_129"];

    public RawClient Client { get; } = client;

    public string[] Topics { get; set; } = topics;

    public static async Task<FuzzClient> ConnectAsync(TestGateway gateway, FuzzRoutes routes)
    {
        var client = await gateway.ConnectRegisteredAsync();
        routes.ConnectionIds.Add(client.ConnectionId);
        return new FuzzClient(client, await client.SubscribeAsync(s_initialTopics));
    }

    /// <summary>A fresh registered client in place of this one, whose socket closed.</summary>
    public async Task<FuzzClient> ReplaceAsync(TestGateway gateway, FuzzRoutes routes)
    {
        await Client.DisposeAsync();
        return await ConnectAsync(gateway, routes);
    }

    /// <summary>Asserts that the connection is open and holds <see cref="Topics"/>, read without changing it.</summary>
    public async Task AssertTopicsAsync()
    {
        Assert.False(Client.IsClosed, "The socket was closed.");
        Assert.Equal(Topics, await Client.CurrentTopicsAsync());
        Assert.Empty(Client.Unexpected);
    }
}
