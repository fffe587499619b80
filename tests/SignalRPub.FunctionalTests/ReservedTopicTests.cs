using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>PROTOCOL.md §6: the reserved topics <c>$conn:</c>, <c>$user:</c> and <c>$all</c> through the publish API.</summary>
public sealed class ReservedTopicTests
{
    [Fact]
    public async Task Publish_ConnTopic_ReachesOnlyThatConnection()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var target = await gateway.ConnectRegisteredAsync();
        await using var bystander = await gateway.ConnectRegisteredAsync();

        await gateway.PublishAsync($"$conn:{target.ConnectionId}", JsonValue.Create("for you"));
        await gateway.PublishAsync($"$conn:{bystander.ConnectionId}", JsonValue.Create("sentinel"));

        Frames.AssertPush(await target.NextPushAsync(), $"$conn:{target.ConnectionId}", "\"for you\"");
        Frames.AssertPush(await bystander.NextPushAsync(), $"$conn:{bystander.ConnectionId}", "\"sentinel\"");
    }

    [Fact]
    public async Task Publish_UserTopic_ReachesEveryConnectionOfThatUserOnly()
    {
        var upstream = new FakeForwarder(request => FakeForwarder.Json(200, "{}"));
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        upstream.AnswerWith(_ => FakeForwarder.Json(200, """{"userId":"alice"}"""));
        await using var phone = await gateway.ConnectRegisteredAsync();
        await using var laptop = await gateway.ConnectRegisteredAsync();
        upstream.AnswerWith(_ => FakeForwarder.Json(200, """{"userId":"bob"}"""));
        await using var bob = await gateway.ConnectRegisteredAsync();

        (await gateway.PublishJsonAsync("""{"topic":"$user:alice","data":{"mail":1}}""")).AssertStatus(202);
        await gateway.PublishAsync("$user:bob", JsonValue.Create("sentinel"));

        Frames.AssertPush(await phone.NextPushAsync(), "$user:alice", """{"mail":1}""");
        Frames.AssertPush(await laptop.NextPushAsync(), "$user:alice", """{"mail":1}""");
        Frames.AssertPush(await bob.NextPushAsync(), "$user:bob", "\"sentinel\"");
    }

    [Fact]
    public async Task Publish_UserTopicOfUnknownUser_Returns202()
    {
        await using var gateway = await TestGateway.StartAsync();

        (await gateway.PublishJsonAsync("""{"topic":"$user:nobody","data":1}""")).AssertStatus(202);
    }

    [Fact]
    public async Task Publish_ConnTopicOfUnknownConnection_Returns202()
    {
        await using var gateway = await TestGateway.StartAsync();

        (await gateway.PublishJsonAsync("""{"topic":"$conn:nobody","data":1}""")).AssertStatus(202);
    }

    [Fact]
    public async Task Publish_All_ReachesEveryRegisteredConnection()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var first = await gateway.ConnectRegisteredAsync();
        await using var second = await gateway.ConnectRegisteredAsync();
        await using var subscribed = await gateway.ConnectRegisteredAsync();
        await subscribed.SubscribeAsync("something");

        await gateway.PublishAsync("$all", new JsonObject { ["notice"] = "maintenance" });

        Frames.AssertPush(await first.NextPushAsync(), "$all", """{"notice":"maintenance"}""");
        Frames.AssertPush(await second.NextPushAsync(), "$all", """{"notice":"maintenance"}""");
        Frames.AssertPush(await subscribed.NextPushAsync(), "$all", """{"notice":"maintenance"}""");
    }

    [Fact]
    public async Task Publish_AllInTopicsList_CountsAndReaches()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        var answer = await gateway.PublishJsonAsync($$"""{"topics":["$all","$conn:{{client.ConnectionId}}"],"data":5}""");

        JsonAssert.Equal("""{"accepted":2}""", answer.Json);
        var topics = new[] { await client.NextPushAsync(), await client.NextPushAsync() }.Select(p => p.GetProperty("topic").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["$all", $"$conn:{client.ConnectionId}"], topics);
    }
}
