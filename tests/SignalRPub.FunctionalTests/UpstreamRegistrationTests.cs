using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>PROTOCOL.md §3 and §5 through a real upstream: what the upstream's answer does to the connection.</summary>
public sealed class UpstreamRegistrationTests
{
    [Fact]
    public async Task Register_UpstreamNamesUser_UserPushesReachConnection()
    {
        await using var upstream = await FakeUpstream.StartAsync("auth", _ => Task.FromResult(UpstreamReply.Ok("""{"userId":"alice","plan":"gold"}""")));
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(register: UpstreamRoutes.RoundRobin(upstream.Node())));
        await using var client = await gateway.ConnectAsync();

        var response = await client.RegisterAsync();
        await gateway.PublishAsync("$user:alice", new JsonObject { ["hello"] = "alice" });

        JsonAssert.Equal("""{"userId":"alice","plan":"gold"}""", JsonAssert.Property(Frames.Body(response), "upstream"));
        var call = Assert.Single(upstream.Calls);
        Assert.Equal("register", call.Action);
        Assert.Equal(client.ConnectionId, call.Header("X-Connection-Id"));
        Frames.AssertPush(await client.NextPushAsync(), "$user:alice", """{"hello":"alice"}""");
    }

    [Fact]
    public async Task Register_UpstreamRejects_StaysUnregisteredAndMayRetry()
    {
        await using var upstream = await FakeUpstream.StartAsync("auth", _ => Task.FromResult(new UpstreamReply(401, """{"reason":"bad ticket"}""")));
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(register: UpstreamRoutes.RoundRobin(upstream.Node())));
        await using var client = await gateway.ConnectAsync();

        var refused = await client.RequestAsync(SeedUris.Register);
        var notRegistered = await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("a"));
        upstream.AnswerWith(200, """{"userId":"bob"}""");
        await client.RegisterAsync();

        Frames.AssertError(refused, 401, "upstream_rejected");
        JsonAssert.Equal("""{"reason":"bad ticket"}""", JsonAssert.Property(Frames.Body(refused), "upstream"));
        Frames.AssertError(notRegistered, 401, "not_registered");
        Assert.Equal(["a"], await client.SubscribeAsync("a"));
        Assert.Equal(2, upstream.Calls.Count);
        Assert.Equal(upstream.Calls[0].Header("X-Connection-Id"), upstream.Calls[1].Header("X-Connection-Id"));
    }

    [Fact]
    public async Task SubAdd_UpstreamAnswersTopics_TheyReplaceRequestedTopics()
    {
        await using var upstream = await FakeUpstream.StartAsync("entitlements", _ => Task.FromResult(UpstreamReply.Ok("""{"topics":["hq_100001_129"]}""")));
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(subAdd: UpstreamRoutes.RoundRobin(upstream.Node())));
        await using var client = await gateway.ConnectRegisteredAsync();

        var response = await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("129", "hq_100001_123"));
        await gateway.PublishAsync("hq_100001_123", JsonValue.Create("refused"));
        await gateway.PublishAsync("129", JsonValue.Create("as asked"));
        await gateway.PublishAsync("hq_100001_129", JsonValue.Create("as granted"));

        Assert.Equal(["hq_100001_129"], Frames.Topics(response));
        JsonAssert.Equal("""{"topics":["hq_100001_129"]}""", JsonAssert.Property(Frames.Body(response), "upstream"));
        Frames.AssertPush(await client.NextPushAsync(), "hq_100001_129", "\"as granted\"");
        Assert.Empty(client.DrainPushes());
    }
}
