using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;
using SignalRPub.Upstreams;

namespace SignalRPub.FunctionalTests;

/// <summary>PROTOCOL.md §5 and §7 as a client sees them: sub_* actions that ask an upstream first (a fake one here).</summary>
public sealed class UpstreamSubscriptionTests
{
    [Fact]
    public async Task SubAdd_WhileUpstreamHasNotAnswered_TopicReceivesNothingYet()
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("held");
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        upstream.AnswerWith(async (_, _) =>
        {
            asked.TrySetResult();
            await answer.Task.WaitAsync(TestTimeouts.Default);
            return FakeForwarder.Json(200, "{}");
        });

        await client.SendFrameAsync(SeedUris.SubAdd, Frames.Topics("new"), "pending");
        await asked.Task.WaitAsync(TestTimeouts.Default);
        await gateway.PublishAsync("new", JsonValue.Create("too early"));
        await gateway.PublishAsync("held", JsonValue.Create("sentinel"));
        answer.SetResult();
        Assert.Equal(["held", "new"], Frames.Topics(await client.NextResponseAsync()));
        await gateway.PublishAsync("new", JsonValue.Create("in time"));

        Frames.AssertPush(await client.NextPushAsync(), "held", "\"sentinel\"");
        Frames.AssertPush(await client.NextPushAsync(), "new", "\"in time\"");
    }

    [Fact]
    public async Task SubAdd_UpstreamAnswersTopics_NarrowsSet()
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectRegisteredAsync();
        upstream.AnswerWith(_ => FakeForwarder.Json(200, """{"topics":["allowed"]}"""));

        var response = await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("allowed", "denied"));

        Assert.Equal(["allowed"], Frames.Topics(response));
        JsonAssert.Equal("""{"topics":["allowed"]}""", JsonAssert.Property(Frames.Body(response), "upstream"));
    }

    [Fact]
    public async Task SubAdd_UpstreamNarrowed_DroppedTopicReceivesNothing()
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectRegisteredAsync();
        upstream.AnswerWith(_ => FakeForwarder.Json(200, """{"topics":["allowed"]}"""));
        Frames.Topics(await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("allowed", "denied")));

        await gateway.PublishAsync("denied", JsonValue.Create(1));
        await gateway.PublishAsync("allowed", JsonValue.Create(2));

        Frames.AssertPush(await client.NextPushAsync(), "allowed", "2");
    }

    [Fact]
    public async Task SubPut_UpstreamAnswersTopics_RenamesSet()
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("old");
        upstream.AnswerWith(_ => FakeForwarder.Json(200, """{"topics":["hq_100001_129"]}"""));

        var response = await client.RequestAsync(SeedUris.SubPut, Frames.Topics("129"));
        await gateway.PublishAsync("hq_100001_129", JsonValue.Create(3));

        Assert.Equal(["hq_100001_129"], Frames.Topics(response));
        Frames.AssertPush(await client.NextPushAsync(), "hq_100001_129", "3");
    }

    [Fact]
    public async Task SubAdd_UpstreamBodyWithoutTopics_UsesRequestedTopicsAndEchoesBody()
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectRegisteredAsync();
        upstream.AnswerWith(_ => FakeForwarder.Json(200, """{"ok":true,"n":[1,2]}"""));

        var response = await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("a", "b"));

        Assert.Equal(["a", "b"], Frames.Topics(response));
        JsonAssert.Equal("""{"ok":true,"n":[1,2]}""", JsonAssert.Property(Frames.Body(response), "upstream"));
    }

    [Fact]
    public async Task SubAdd_UpstreamAnswersEmptyBody_UpstreamIsNull()
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectRegisteredAsync();
        upstream.AnswerWith(_ => UpstreamResult.Answer(204, ReadOnlyMemory<byte>.Empty));

        var response = await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("a"));

        Assert.Equal(["a"], Frames.Topics(response));
        JsonAssert.Null(JsonAssert.Property(Frames.Body(response), "upstream"));
    }

    [Fact]
    public async Task SubAdd_WithUpstream_ForwardsRequestedTopicsAndAction()
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectRegisteredAsync();

        await client.SubscribeAsync("a", "b");

        var forwarded = Assert.Single(upstream.RequestsFor("sub_add"));
        Assert.Equal(client.ConnectionId, forwarded.ConnectionId);
        Assert.Equal(["a", "b"], Frames.TopicsOf(JsonAssert.Parse(forwarded.Body)));
    }

    [Theory]
    [InlineData(SeedUris.SubAdd, 403)]
    [InlineData(SeedUris.SubPut, 409)]
    [InlineData(SeedUris.SubDelete, 400)]
    [InlineData(SeedUris.SubAdd, 500)]
    public async Task SubAction_UpstreamRejects_RelaysStatusAndChangesNothing(string uri, int status)
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a", "b");
        upstream.AnswerWith(_ => FakeForwarder.Json(status, """{"why":"no"}"""));

        var response = await client.RequestAsync(uri, Frames.Topics("a", "c"));

        Frames.AssertError(response, status, "upstream_rejected");
        JsonAssert.Equal("""{"why":"no"}""", JsonAssert.Property(Frames.Body(response), "upstream"));
        upstream.AnswerWith(_ => FakeForwarder.Json(200, "{}"));
        Assert.Equal(["a", "b"], await client.CurrentTopicsAsync());
    }

    [Fact]
    public async Task SubAdd_UpstreamRejects_TopicReceivesNothing()
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("held");
        upstream.AnswerWith(_ => FakeForwarder.Json(403, "{}"));
        Frames.AssertStatus(await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("refused")), 403);

        await gateway.PublishAsync("refused", JsonValue.Create(1));
        await gateway.PublishAsync("held", JsonValue.Create(2));

        Frames.AssertPush(await client.NextPushAsync(), "held", "2");
    }

    [Theory]
    [InlineData(SeedUris.SubAdd)]
    [InlineData(SeedUris.SubPut)]
    [InlineData(SeedUris.SubDelete)]
    public async Task SubAction_UpstreamUnavailable_Returns502AndChangesNothing(string uri)
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a");
        upstream.AnswerWith(_ => UpstreamResult.Unavailable);

        Frames.AssertError(await client.RequestAsync(uri, Frames.Topics("a", "b")), 502, "upstream_unavailable");

        upstream.AnswerWith(_ => FakeForwarder.Json(200, "{}"));
        Assert.Equal(["a"], await client.CurrentTopicsAsync());
    }

    [Theory]
    [InlineData(SeedUris.SubAdd)]
    [InlineData(SeedUris.SubPut)]
    [InlineData(SeedUris.SubDelete)]
    public async Task SubAction_UpstreamTimedOut_Returns504AndChangesNothing(string uri)
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a");
        upstream.AnswerWith(_ => UpstreamResult.TimedOut);

        Frames.AssertError(await client.RequestAsync(uri, Frames.Topics("a", "b")), 504, "upstream_timeout");

        upstream.AnswerWith(_ => FakeForwarder.Json(200, "{}"));
        Assert.Equal(["a"], await client.CurrentTopicsAsync());
    }
}
