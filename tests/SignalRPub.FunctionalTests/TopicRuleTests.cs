using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>PROTOCOL.md §5 and §8: the body of sub_* actions, the topic rules, reserved topics, and the topic limits.</summary>
public sealed class TopicRuleTests
{
    public static TheoryData<string> InvalidTopics => new()
    {
        "",
        new string('x', 257),
        "a b",
        " lead",
        "trail ",
        "a\tb",
        "a\nb",
        "a\rb",
        "a\u0000b",
        "a\u0001b",
        "a\u007fb",
        "a\u00a0b",
    };

    public static TheoryData<string> ReservedTopics => new() { "$all", "$conn:abc", "$user:alice", "$foo", "$" };

    public static TheoryData<string> BadBodies => new()
    {
        "{}",
        "[]",
        "\"topics\"",
        "42",
        "null",
        """{"topics":"t1"}""",
        """{"topics":{"t1":true}}""",
        """{"topics":[1]}""",
        """{"topics":[null]}""",
        """{"topics":[["t1"]]}""",
        """{"topics":null}""",
    };

    [Fact]
    public async Task SubAdd_TopicOf256Characters_IsAccepted()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        var topic = new string('t', 256);

        Assert.Equal([topic], await client.SubscribeAsync(topic));
    }

    [Fact]
    public async Task SubAdd_TopicWithPunctuationAndUnicode_IsAccepted()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        Assert.Equal(["a$b", "hq:1/2.3-x_y", "行情"], await client.SubscribeAsync("hq:1/2.3-x_y", "行情", "a$b"));
    }

    [Theory]
    [MemberData(nameof(InvalidTopics))]
    public async Task SubAdd_InvalidTopic_Returns400InvalidTopic(string topic)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        Frames.AssertError(await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("ok", topic)), 400, "invalid_topic");
    }

    [Theory]
    [MemberData(nameof(ReservedTopics))]
    public async Task SubAdd_ReservedTopic_Returns400InvalidTopic(string topic)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        Frames.AssertError(await client.RequestAsync(SeedUris.SubAdd, Frames.Topics(topic)), 400, "invalid_topic");
    }

    [Theory]
    [InlineData(SeedUris.SubPut)]
    [InlineData(SeedUris.SubDelete)]
    public async Task OtherSubActions_InvalidTopic_Return400InvalidTopic(string uri)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        Frames.AssertError(await client.RequestAsync(uri, Frames.Topics("$all")), 400, "invalid_topic");
        Frames.AssertError(await client.RequestAsync(uri, Frames.Topics("a b")), 400, "invalid_topic");
    }

    [Fact]
    public async Task SubAdd_InvalidTopicAmongValid_ChangesNothing()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a");

        Frames.AssertError(await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("b", "bad topic")), 400, "invalid_topic");

        Assert.Equal(["a"], await client.CurrentTopicsAsync());
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task SubAdd_BodyWithoutTopicStrings_Returns400BadRequest(string body)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        Frames.AssertError(await client.RequestAsync(SeedUris.SubAdd, JsonNode.Parse(body) ?? JsonValue.Create((string?)null)), 400, "bad_request");
    }

    [Fact]
    public async Task SubAdd_NoBody_Returns400BadRequest()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        Frames.AssertError(await client.RequestAsync(SeedUris.SubAdd), 400, "bad_request");
    }

    [Theory]
    [InlineData(SeedUris.SubAdd)]
    [InlineData(SeedUris.SubPut)]
    [InlineData(SeedUris.SubDelete)]
    public async Task SubAction_MoreTopicsThanPerRequestLimit_Returns400TooManyTopics(string uri)
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Limits["MaxTopicsPerRequest"] = 5);
        await using var client = await gateway.ConnectRegisteredAsync();

        Frames.AssertError(await client.RequestAsync(uri, Frames.Topics("t1", "t2", "t3", "t4", "t5", "t6")), 400, "too_many_topics");
    }

    [Fact]
    public async Task SubAdd_AsManyTopicsAsPerRequestLimit_IsAccepted()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Limits["MaxTopicsPerRequest"] = 5);
        await using var client = await gateway.ConnectRegisteredAsync();

        Assert.Equal(5, (await client.SubscribeAsync("t1", "t2", "t3", "t4", "t5")).Length);
    }

    [Fact]
    public async Task SubAdd_DefaultPerRequestLimit_Allows1000AndRefuses1001()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        Assert.Equal(1000, Frames.Topics(await client.RequestAsync(SeedUris.SubAdd, Frames.Topics(Enumerable.Range(0, 1000).Select(i => $"t{i}")))).Length);
        Frames.AssertError(await client.RequestAsync(SeedUris.SubAdd, Frames.Topics(Enumerable.Range(0, 1001).Select(i => $"u{i}"))), 400, "too_many_topics");
    }

    [Fact]
    public async Task SubAdd_ResultOverPerConnectionLimit_Returns400TooManyTopicsAndChangesNothing()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Limits["MaxTopicsPerConnection"] = 5);
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a", "b", "c");

        Frames.AssertError(await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("d", "e", "f")), 400, "too_many_topics");

        Assert.Equal(["a", "b", "c"], await client.CurrentTopicsAsync());
    }

    [Fact]
    public async Task SubAdd_ResultAtPerConnectionLimit_IsAccepted()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Limits["MaxTopicsPerConnection"] = 5);
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a", "b", "c");

        Assert.Equal(["a", "b", "c", "d", "e"], await client.SubscribeAsync("c", "d", "e"));
    }

    [Fact]
    public async Task SubPut_ResultOverPerConnectionLimit_Returns400TooManyTopicsAndChangesNothing()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Limits["MaxTopicsPerConnection"] = 3);
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a");

        Frames.AssertError(await client.RequestAsync(SeedUris.SubPut, Frames.Topics("w", "x", "y", "z")), 400, "too_many_topics");

        Assert.Equal(["a"], await client.CurrentTopicsAsync());
    }
}
