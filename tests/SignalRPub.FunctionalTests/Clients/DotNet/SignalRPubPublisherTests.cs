using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SignalRPub.Client;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Clients.DotNet;

public sealed class SignalRPubPublisherTests
{
    [Fact]
    public async Task PublishTopic_SubscribedClient_Accepts1AndPushArrives()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var provider = Publisher(gateway, gateway.PublishKey);
        var publisher = provider.GetRequiredService<ISignalRPubPublisher>();
        var (client, _) = await Clients.ConnectAsync(gateway, ClientKind.WebSocket);
        await using var _1 = client;
        var inbox = new PushInbox();
        using var registration = client.On("hq_100001_120", inbox.Handle);
        await client.SubscribeAsync(["hq_100001_120"]);

        var accepted = await publisher.PublishAsync("hq_100001_120", new { Last = 12.5, Volume = 3 });

        Assert.Equal(1, accepted);
        JsonAssert.Equal("""{"last":12.5,"volume":3}""", (await inbox.NextAsync()).Data);
    }

    [Fact]
    public async Task PublishTopics_TwoTopics_Accepts2AndEachArrives()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var provider = Publisher(gateway, gateway.PublishKey);
        var publisher = provider.GetRequiredService<ISignalRPubPublisher>();
        var (client, _) = await Clients.ConnectAsync(gateway, ClientKind.SignalRJson);
        await using var _1 = client;
        await using var all = client.ReadAllAsync().GetAsyncEnumerator();
        var first = all.MoveNextAsync();
        await client.SubscribeAsync(["a", "b"]);

        var accepted = await publisher.PublishAsync(["a", "b"], (string?)null);

        Assert.Equal(2, accepted);
        Assert.True(await first.AsTask().WaitAsync(TestTimeouts.Default));
        var topics = new List<string> { all.Current.Topic };
        Assert.Equal(JsonValueKind.Null, all.Current.Data.ValueKind);
        Assert.True(await all.MoveNextAsync().AsTask().WaitAsync(TestTimeouts.Default));
        topics.Add(all.Current.Topic);
        Assert.Equal(["a", "b"], topics.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PublishMessages_OneAndTwoTopics_Accepts3()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var provider = Publisher(gateway, gateway.PublishKey);
        var publisher = provider.GetRequiredService<ISignalRPubPublisher>();
        var (client, _) = await Clients.ConnectAsync(gateway, ClientKind.SignalRMessagePack);
        await using var _1 = client;
        var inbox = new PushInbox();
        using var registration = client.On("c", inbox.Handle);
        await client.SubscribeAsync(["c"]);

        var accepted = await publisher.PublishAsync([new PublishMessage("a", 1), new PublishMessage(["b", "c"], new[] { 2, 3 })]);

        Assert.Equal(3, accepted);
        JsonAssert.Equal("[2,3]", (await inbox.NextAsync()).Data);
    }

    [Fact]
    public async Task Publish_WrongKey_Throws401Unauthorized()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var provider = Publisher(gateway, "wrong-key");
        var publisher = provider.GetRequiredService<ISignalRPubPublisher>();

        var error = await Assert.ThrowsAsync<SignalRPubException>(() => publisher.PublishAsync("a", 1));

        Assert.Equal(401, error.Status);
        Assert.Equal("unauthorized", error.Error);
    }

    [Theory]
    [InlineData("$nope", "invalid_topic")]
    [InlineData("a b", "invalid_topic")]
    public async Task Publish_BadTopic_Throws400WithCode(string topic, string code)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var provider = Publisher(gateway, gateway.PublishKey);
        var publisher = provider.GetRequiredService<ISignalRPubPublisher>();

        var error = await Assert.ThrowsAsync<SignalRPubException>(() => publisher.PublishAsync(topic, 1));

        Assert.Equal(400, error.Status);
        Assert.Equal(code, error.Error);
    }

    [Fact]
    public async Task PublishTopics_Empty_Throws400BadRequest()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var provider = Publisher(gateway, gateway.PublishKey);
        var publisher = provider.GetRequiredService<ISignalRPubPublisher>();

        var error = await Assert.ThrowsAsync<SignalRPubException>(() => publisher.PublishAsync(Array.Empty<string>(), 1));

        Assert.Equal(400, error.Status);
        Assert.Equal("bad_request", error.Error);
    }

    [Fact]
    public async Task AddPublisher_FromConfiguration_Publishes()
    {
        await using var gateway = await TestGateway.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:BaseAddress"] = gateway.BaseUri.ToString(),
            ["Gateway:ApiKey"] = gateway.PublishKey,
        }).Build();
        var services = new ServiceCollection();
        services.AddSignalRPubPublisher(configuration.GetSection("Gateway"));
        await using var provider = services.BuildServiceProvider();

        var accepted = await provider.GetRequiredService<ISignalRPubPublisher>().PublishAsync("a", "x");

        Assert.Equal(1, accepted);
    }

    [Fact]
    public void AddPublisher_WithoutAddressOrKey_ResolvingThrowsListingBoth()
    {
        var services = new ServiceCollection();
        services.AddSignalRPubPublisher(_ => { });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ISignalRPubPublisher>());

        Assert.Contains(error.Failures, f => f.StartsWith("BaseAddress:", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("ApiKey:", StringComparison.Ordinal));
    }

    private static ServiceProvider Publisher(TestGateway gateway, string key)
    {
        var services = new ServiceCollection();
        services.AddSignalRPubPublisher(o =>
        {
            o.BaseAddress = gateway.BaseUri;
            o.ApiKey = key;
        });
        return services.BuildServiceProvider();
    }
}
