using System.Text;
using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>PROTOCOL.md §6: the in-process publisher (<c>IPublisher</c>), with the semantics of the publish API.</summary>
public sealed class PublisherTests
{
    [Fact]
    public async Task Publisher_Topic_ReachesSubscriber()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("in-process");

        await gateway.Publisher.PublishAsync("in-process", Utf8("""{"v":[1,2]}"""));

        Frames.AssertPush(await client.NextPushAsync(), "in-process", """{"v":[1,2]}""");
    }

    [Fact]
    public async Task Publisher_TypedData_IsSerialisedAsJson()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("typed");

        await gateway.Publisher.PublishAsync("typed", new Quote("hq_100001_129", 12.34m));

        var data = JsonAssert.Property(await client.NextPushAsync(), "data");
        Assert.Equal(12.34m, data.EnumerateObject().Single(p => p.NameEquals("last") || p.NameEquals("Last")).Value.GetDecimal());
    }

    [Fact]
    public async Task Publisher_ConnTopic_ReachesThatConnection()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        await gateway.Publisher.PublishAsync($"$conn:{client.ConnectionId}", "hello");

        Frames.AssertPush(await client.NextPushAsync(), $"$conn:{client.ConnectionId}", "\"hello\"");
    }

    [Fact]
    public async Task Publisher_UserTopic_ReachesThatUser()
    {
        var upstream = new FakeForwarder(_ => FakeForwarder.Json(200, """{"userId":"carol"}"""));
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectRegisteredAsync();

        await gateway.Publisher.PublishAsync("$user:carol", 42);

        Frames.AssertPush(await client.NextPushAsync(), "$user:carol", "42");
    }

    [Fact]
    public async Task Publisher_All_ReachesRegisteredConnectionsOnly()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var registered = await gateway.ConnectRegisteredAsync();
        await using var late = await gateway.ConnectAsync();

        await gateway.Publisher.PublishAsync("$all", Utf8("true"));
        await late.RegisterAsync();
        await gateway.Publisher.PublishAsync($"$conn:{late.ConnectionId}", "sentinel");

        Frames.AssertPush(await registered.NextPushAsync(), "$all", "true");
        Frames.AssertPush(await late.NextPushAsync(), $"$conn:{late.ConnectionId}", "\"sentinel\"");
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("$foo")]
    public async Task Publisher_InvalidTopic_ThrowsArgumentException(string topic)
    {
        await using var gateway = await TestGateway.StartAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => gateway.Publisher.PublishAsync(topic, Utf8("1")));
    }

    [Fact]
    public async Task Publisher_DataNotJson_ThrowsArgumentException()
    {
        await using var gateway = await TestGateway.StartAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => gateway.Publisher.PublishAsync("t", Utf8("{not json")));
    }

    [Fact]
    public async Task Publisher_DataDeeperThanAPushCarries_ThrowsArgumentExceptionWhateverTheOverload()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("t");
        JsonNode deep = new JsonArray();
        for (var i = 1; i < 62; i++)
        {
            deep = new JsonArray(deep);
        }

        await Assert.ThrowsAnyAsync<ArgumentException>(() => gateway.Publisher.PublishAsync("t", Utf8(deep.ToJsonString())));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => gateway.Publisher.PublishAsync("t", deep));
        var fits = deep.AsArray()[0]!.DeepClone();
        await gateway.Publisher.PublishAsync("t", Utf8(fits.ToJsonString()));

        Frames.AssertPush(await client.NextPushAsync(), "t", fits.ToJsonString());
    }

    // ReadOnlyMemory<byte> picks the raw-JSON overload; a byte[] would bind to PublishAsync<T> and go out as base64.
    private static ReadOnlyMemory<byte> Utf8(string json) => Encoding.UTF8.GetBytes(json);
}
