using Moq;
using SignalRPub.Tests.TestSupport;
using H = SignalRPub.Tests.TestSupport.PipelineHarness;

namespace SignalRPub.Tests.Actions;

public class ActionPipelineSubscriptionTests
{
    private readonly H _harness = new();

    [Fact]
    public async Task ExecuteAsync_SubAdd_AddsTopicsAndAnswersSortedSet()
    {
        var connection = H.Registered("m");

        var response = await _harness.ExecuteAsync(H.Topics(H.SubAddUri, "z", "a", "m"), connection);

        Assert.Equal(200, response.Status);
        JsonAssert.Equal("""{"topics":["a","m","z"],"upstream":null}""", response.Body);
        Assert.Equal(["a", "m", "z"], connection.Topics.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ExecuteAsync_SubAdd_JoinsOnlyNewGroups()
    {
        await _harness.ExecuteAsync(H.Topics(H.SubAddUri, "a", "b"), H.Registered("a"));

        _harness.Groups.Verify(g => g.AddAsync(H.ConnectionId, "b", It.IsAny<CancellationToken>()), Times.Once());
        _harness.Groups.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task ExecuteAsync_SubPut_ReplacesSetAndLeavesOldGroups()
    {
        var connection = H.Registered("a", "b");

        var response = await _harness.ExecuteAsync(H.Topics(H.SubPutUri, "b", "c"), connection);

        JsonAssert.Equal("""{"topics":["b","c"],"upstream":null}""", response.Body);
        Assert.Equal(["b", "c"], connection.Topics.Order(StringComparer.Ordinal));
        _harness.Groups.Verify(g => g.RemoveAsync(H.ConnectionId, "a", It.IsAny<CancellationToken>()), Times.Once());
        _harness.Groups.Verify(g => g.AddAsync(H.ConnectionId, "c", It.IsAny<CancellationToken>()), Times.Once());
        _harness.Groups.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task ExecuteAsync_SubDelete_RemovesTopicsAndIgnoresUnknown()
    {
        var connection = H.Registered("a", "b");

        var response = await _harness.ExecuteAsync(H.Topics(H.SubDeleteUri, "b", "never"), connection);

        JsonAssert.Equal("""{"topics":["a"],"upstream":null}""", response.Body);
        Assert.Equal(["a"], connection.Topics);
    }

    [Fact]
    public async Task ExecuteAsync_LocalRoute_AppliesWithoutAskingUpstream()
    {
        var connection = H.Registered();

        var response = await _harness.ExecuteAsync(H.Topics(H.LocalSubAddUri, "a"), connection);

        Assert.Equal(200, response.Status);
        Assert.Equal(["a"], connection.Topics);
        _harness.VerifyNotForwarded();
    }

    [Fact]
    public async Task ExecuteAsync_UpstreamAnswersTopics_ReplacesRequestedTopics()
    {
        _harness.Answer(200, """{"topics":["renamed_1"],"note":"narrowed"}""");
        var connection = H.Registered("kept");

        var response = await _harness.ExecuteAsync(H.Topics(H.SubAddUri, "asked_1", "asked_2"), connection);

        Assert.Equal(200, response.Status);
        Assert.Equal(["kept", "renamed_1"], connection.Topics.Order(StringComparer.Ordinal));
        JsonAssert.Equal("""{"topics":["kept","renamed_1"],"upstream":{"topics":["renamed_1"],"note":"narrowed"}}""", response.Body);
    }

    [Fact]
    public async Task ExecuteAsync_UpstreamAnswersWithoutTopics_KeepsRequestedTopics()
    {
        _harness.Answer(200, """{"ok":true}""");
        var connection = H.Registered();

        var response = await _harness.ExecuteAsync(H.Topics(H.SubAddUri, "a"), connection);

        Assert.Equal(["a"], connection.Topics);
        JsonAssert.Equal("""{"topics":["a"],"upstream":{"ok":true}}""", response.Body);
    }

    [Fact]
    public async Task ExecuteAsync_UpstreamAnswersReservedTopic_AnswersBadGatewayAndKeepsState()
    {
        _harness.Answer(200, """{"topics":["$all"]}""");
        var connection = H.Registered("a");

        var response = await _harness.ExecuteAsync(H.Topics(H.SubAddUri, "b"), connection);

        Assert.Equal(502, response.Status);
        JsonAssert.IsError("upstream_rejected", response.Body);
        Assert.Equal(["a"], connection.Topics);
        _harness.VerifyNoGroupChanges();
    }

    [Fact]
    public async Task ExecuteAsync_OverMaxTopicsPerConnection_AnswersTooManyTopicsAndKeepsState()
    {
        var harness = new H(limits => limits.MaxTopicsPerConnection = 2);
        var connection = H.Registered("a", "b");

        var response = await harness.ExecuteAsync(H.Topics(H.SubAddUri, "c"), connection);

        Assert.Equal(400, response.Status);
        JsonAssert.IsError("too_many_topics", response.Body);
        Assert.Equal(["a", "b"], connection.Topics.Order(StringComparer.Ordinal));
        harness.VerifyNoGroupChanges();
    }

    [Fact]
    public async Task ExecuteAsync_OverMaxTopicsPerRequest_AnswersTooManyTopicsWithoutAskingUpstream()
    {
        var harness = new H(limits => limits.MaxTopicsPerRequest = 2);
        var connection = H.Registered();

        var response = await harness.ExecuteAsync(H.Topics(H.SubAddUri, "a", "b", "c"), connection);

        Assert.Equal(400, response.Status);
        JsonAssert.IsError("too_many_topics", response.Body);
        Assert.Empty(connection.Topics);
        harness.VerifyNotForwarded();
    }

    [Theory]
    [InlineData("$all")]
    [InlineData("$conn:other")]
    [InlineData("$user:u1")]
    [InlineData("a b")]
    [InlineData("")]
    public async Task ExecuteAsync_InvalidTopic_AnswersInvalidTopicWithoutAskingUpstream(string topic)
    {
        var connection = H.Registered();

        var response = await _harness.ExecuteAsync(H.Topics(H.SubAddUri, "ok", topic), connection);

        Assert.Equal(400, response.Status);
        JsonAssert.IsError("invalid_topic", response.Body);
        Assert.Empty(connection.Topics);
        _harness.VerifyNotForwarded();
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"topics":"a"}""")]
    [InlineData("""{"topics":[1]}""")]
    [InlineData("[]")]
    public async Task ExecuteAsync_BodyWithoutTopicsArray_AnswersBadRequest(string body)
    {
        var response = await _harness.ExecuteAsync(H.Request(H.SubAddUri, body), H.Registered());

        Assert.Equal(400, response.Status);
        JsonAssert.IsError("bad_request", response.Body);
        _harness.VerifyNotForwarded();
    }

    [Fact]
    public async Task ExecuteAsync_SubAdd_ForwardsQueryHeadersAndBodyAsGiven()
    {
        const string body = """{"topics":["a"],"extra":{"k":1}}""";

        await _harness.ExecuteAsync(H.Request(H.SubAddUri + "?account=9&x=%20", body), H.Registered());

        var forwarded = Assert.Single(_harness.Forwarded);
        Assert.Equal("sub_add", forwarded.Action);
        Assert.Equal(H.SubAddUri + "?account=9&x=%20", forwarded.PathAndQuery);
        Assert.Equal(body, Utf8.Text(forwarded.Body));
    }
}
