using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>PROTOCOL.md §5: what sub_add, sub_put and sub_delete do to a raw connection's topic set, and to its pushes.</summary>
public sealed class SubscriptionTests
{
    [Fact]
    public async Task SubAdd_Topics_ReturnsThemSortedWithNullUpstream()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        var response = await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("hq_100001_129", "hq_100001_123"));

        Assert.Equal(["hq_100001_123", "hq_100001_129"], Frames.Topics(response));
        JsonAssert.Null(JsonAssert.Property(Frames.Body(response), "upstream"));
    }

    [Fact]
    public async Task SubAdd_Topics_SortsOrdinally()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        var topics = await client.SubscribeAsync("b", "B", "a", "A", "_", "10", "9", "é");

        Assert.Equal(["10", "9", "A", "B", "_", "a", "b", "é"], topics);
    }

    [Fact]
    public async Task SubAdd_Twice_ReturnsUnion()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a", "b");

        Assert.Equal(["a", "b", "c"], await client.SubscribeAsync("b", "c"));
    }

    [Fact]
    public async Task SubAdd_DuplicateTopics_HeldOnce()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        Assert.Equal(["a"], await client.SubscribeAsync("a", "a"));
    }

    [Fact]
    public async Task SubAdd_Topic_ReceivesPushFrame()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("hq_100001_129");

        await gateway.PublishAsync("hq_100001_129", new JsonObject { ["last"] = 12.34 });

        Frames.AssertPush(await client.NextPushAsync(), "hq_100001_129", """{"last":12.34}""");
    }

    [Fact]
    public async Task SubPut_Topics_ReplacesSet()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a", "b");

        var response = await client.RequestAsync(SeedUris.SubPut, Frames.Topics("c", "b"));

        Assert.Equal(["b", "c"], Frames.Topics(response));
        Assert.Equal(["b", "c"], await client.CurrentTopicsAsync());
    }

    [Fact]
    public async Task SubPut_EmptyList_ClearsSet()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a", "b");

        Assert.Empty(Frames.Topics(await client.RequestAsync(SeedUris.SubPut, Frames.Topics())));
    }

    [Fact]
    public async Task SubPut_TopicLeavingSet_StopsReceiving()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("leaving", "staying");

        Frames.Topics(await client.RequestAsync(SeedUris.SubPut, Frames.Topics("staying")));
        await gateway.PublishAsync("leaving", JsonValue.Create(1));
        await gateway.PublishAsync("staying", JsonValue.Create(2));

        Frames.AssertPush(await client.NextPushAsync(), "staying", "2");
    }

    [Fact]
    public async Task SubPut_TopicEnteringSet_StartsReceiving()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("old");

        Frames.Topics(await client.RequestAsync(SeedUris.SubPut, Frames.Topics("new")));
        await gateway.PublishAsync("new", JsonValue.Create(1));

        Frames.AssertPush(await client.NextPushAsync(), "new", "1");
    }

    [Fact]
    public async Task SubDelete_Topics_RemovesThem()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a", "b", "c");

        Assert.Equal(["b"], Frames.Topics(await client.RequestAsync(SeedUris.SubDelete, Frames.Topics("a", "c"))));
    }

    [Fact]
    public async Task SubDelete_TopicsNotHeld_AreIgnored()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a");

        Assert.Equal(["a"], Frames.Topics(await client.RequestAsync(SeedUris.SubDelete, Frames.Topics("x", "y"))));
    }

    [Fact]
    public async Task SubDelete_Topic_StopsReceiving()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("gone", "kept");

        Frames.Topics(await client.RequestAsync(SeedUris.SubDelete, Frames.Topics("gone")));
        await gateway.PublishAsync("gone", JsonValue.Create(1));
        await gateway.PublishAsync("kept", JsonValue.Create(2));

        Frames.AssertPush(await client.NextPushAsync(), "kept", "2");
    }

    [Fact]
    public async Task Push_TopicOfOtherConnection_IsNotReceived()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var mine = await gateway.ConnectRegisteredAsync();
        await using var other = await gateway.ConnectRegisteredAsync();
        await mine.SubscribeAsync("mine");
        await other.SubscribeAsync("theirs");

        await gateway.PublishAsync("theirs", JsonValue.Create(1));
        await gateway.PublishAsync("mine", JsonValue.Create(2));

        Frames.AssertPush(await mine.NextPushAsync(), "mine", "2");
        Frames.AssertPush(await other.NextPushAsync(), "theirs", "1");
    }
}
