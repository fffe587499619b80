using System.Text.Json;
using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>docs/admin.md §11: the operations endpoints describe this node's live connections, topics and totals.</summary>
public sealed class AdminOperationsTests
{
    [Fact]
    public async Task Connection_RegisteredRawClient_ReportsEntryUserAndTopics()
    {
        await using var upstream = await FakeUpstream.StartAsync("auth", _ => Task.FromResult(UpstreamReply.Ok("""{"userId":"alice"}""")));
        await using var admin = await AdminGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(register: UpstreamRoutes.RoundRobin(upstream.Node())));
        var opened = DateTimeOffset.UtcNow;
        await using var client = await admin.Gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("hq_100001_129", "hq_100001_123");

        var answer = await admin.SendAsync(HttpMethod.Get, $"/signalrpub/connections/{client.ConnectionId}");

        answer.AssertStatus(200);
        var json = answer.Json;
        Assert.Equal(client.ConnectionId, JsonAssert.Property(json, "connectionId").GetString());
        Assert.Equal("raw", JsonAssert.Property(json, "kind").GetString());
        Assert.Equal("1", JsonAssert.Property(json, "entry").GetString());
        Assert.True(JsonAssert.Property(json, "registered").GetBoolean());
        Assert.Equal("alice", JsonAssert.Property(json, "userId").GetString());
        Assert.Equal("127.0.0.1", JsonAssert.Property(json, "remoteIp").GetString());
        var connectedAt = JsonAssert.Property(json, "connectedAt").GetDateTimeOffset();
        Assert.InRange(connectedAt, opened.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        JsonAssert.Equal("""["hq_100001_123","hq_100001_129"]""", JsonAssert.Property(json, "topics"));
    }

    [Fact]
    public async Task Connection_RegisteredHubClient_ReportsHubWithoutUser()
    {
        await using var admin = await AdminGateway.StartAsync(o => o.Routes = TestRoutes.Seed());
        await using var hub = await admin.Gateway.ConnectHubAsync(HubProtocolKind.Json);
        await hub.RegisterAsync();

        var answer = await admin.SendAsync(HttpMethod.Get, $"/signalrpub/connections/{hub.ConnectionId}");

        answer.AssertStatus(200);
        Assert.Equal("hub", JsonAssert.Property(answer.Json, "kind").GetString());
        Assert.Equal("1", JsonAssert.Property(answer.Json, "entry").GetString());
        Assert.True(JsonAssert.Property(answer.Json, "registered").GetBoolean());
        JsonAssert.Null(JsonAssert.Property(answer.Json, "userId"));
        JsonAssert.Equal("[]", JsonAssert.Property(answer.Json, "topics"));
    }

    [Fact]
    public async Task Connection_Unknown_404NotFound()
    {
        await using var admin = await AdminGateway.StartAsync();

        var answer = await admin.SendAsync(HttpMethod.Get, "/signalrpub/connections/no-such-connection");

        answer.AssertError(404, "not_found");
    }

    [Fact]
    public async Task User_ListsTheConnectionsAnUpstreamNamedForThatUserAndNoOthers()
    {
        var registrations = 0;
        await using var upstream = await FakeUpstream.StartAsync("auth", _ => Task.FromResult(UpstreamReply.Ok(
            Interlocked.Increment(ref registrations) <= 2 ? """{"userId":"alice"}""" : """{"userId":"bob"}""")));
        await using var admin = await AdminGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(register: UpstreamRoutes.RoundRobin(upstream.Node())));
        await using var first = await admin.Gateway.ConnectRegisteredAsync();
        var second = await admin.Gateway.ConnectRegisteredAsync();
        await using var bob = await admin.Gateway.ConnectRegisteredAsync();
        await first.SubscribeAsync("t");

        var alice = (await admin.SendAsync(HttpMethod.Get, "/signalrpub/users/alice")).Json;
        var nobody = await admin.SendAsync(HttpMethod.Get, "/signalrpub/users/nobody");

        Assert.Equal("alice", JsonAssert.Property(alice, "userId").GetString());
        var connections = JsonAssert.Property(alice, "connections").EnumerateArray().ToList();
        Assert.Equal(new[] { first.ConnectionId, second.ConnectionId }.Order(StringComparer.Ordinal),
            connections.Select(c => JsonAssert.Property(c, "connectionId").GetString()));
        Assert.All(connections, c => Assert.Equal("alice", JsonAssert.Property(c, "userId").GetString()));
        JsonAssert.Equal("""["t"]""", JsonAssert.Property(connections.Single(c => JsonAssert.Property(c, "connectionId").GetString() == first.ConnectionId), "topics"));
        JsonAssert.Equal("[]", JsonAssert.Property(alice, "unreachableConnections"));
        nobody.AssertStatus(200);
        JsonAssert.Equal("""{"userId":"nobody","connections":[],"unreachableConnections":[]}""", nobody.Json);

        await second.DisposeAsync();
        await Poll.UntilAsync(async () => JsonAssert.Property((await admin.SendAsync(HttpMethod.Get, "/signalrpub/users/alice")).Json, "connections").GetArrayLength() == 1,
            "the closed connection to leave the user's list");
    }

    [Fact]
    public async Task Topic_Subscribers_CountsConnectionsHoldingIt()
    {
        await using var admin = await AdminGateway.StartAsync(o => o.Routes = TestRoutes.Seed());
        await using var first = await admin.Gateway.ConnectRegisteredAsync();
        await using var second = await admin.Gateway.ConnectRegisteredAsync();
        await first.SubscribeAsync("hq_100001_129", "other");
        await second.SubscribeAsync("hq_100001_129");

        var both = await TopicAsync(admin, "hq_100001_129");
        Frames.Topics(await second.RequestAsync(SeedUris.SubDelete, Frames.Topics("hq_100001_129")));
        var one = await TopicAsync(admin, "hq_100001_129");
        var none = await TopicAsync(admin, "nobody-holds-this");
        var reserved = await TopicAsync(admin, "$all");

        JsonAssert.Equal("""{"topic":"hq_100001_129","subscribers":2,"nodes":[{"node":"local","subscribers":2}],"unreachableNodes":[]}""", both);
        JsonAssert.Equal("""{"topic":"hq_100001_129","subscribers":1,"nodes":[{"node":"local","subscribers":1}],"unreachableNodes":[]}""", one);
        JsonAssert.Equal("""{"topic":"nobody-holds-this","subscribers":0,"nodes":[{"node":"local","subscribers":0}],"unreachableNodes":[]}""", none);
        JsonAssert.Equal("""{"topic":"$all","subscribers":0,"nodes":[{"node":"local","subscribers":0}],"unreachableNodes":[]}""", reserved);
    }

    [Fact]
    public async Task Topic_WithSlashes_IsLookedUpByItsWholeName()
    {
        await using var admin = await AdminGateway.StartAsync(o => o.Routes = TestRoutes.Seed());
        await using var client = await admin.Gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("quote/sh/600000", "quote/sh");

        var answer = await admin.SendAsync(HttpMethod.Get, "/signalrpub/topics/quote/sh/600000");

        answer.AssertStatus(200);
        JsonAssert.Equal("""{"topic":"quote/sh/600000","subscribers":1,"nodes":[{"node":"local","subscribers":1}],"unreachableNodes":[]}""", answer.Json);
    }

    [Fact]
    public async Task Stats_LiveConnections_ReportsTotals()
    {
        await using var admin = await AdminGateway.StartAsync(o => o.Routes = TestRoutes.Seed());
        var empty = await StatsAsync(admin);
        await using var registered = await admin.Gateway.ConnectRegisteredAsync();
        await using var unregistered = await admin.Gateway.ConnectAsync();
        Frames.AssertError(await unregistered.RequestAsync(SeedUris.SubAdd, Frames.Topics("a")), 401, "not_registered");
        await registered.SubscribeAsync("a", "b");
        await admin.Gateway.PublishAsync("a", JsonValue.Create(1));
        (await admin.Gateway.PublishJsonAsync("""{"topics":["b","zz"],"data":2}""")).AssertStatus(202);
        await registered.NextPushAsync();
        await registered.NextPushAsync();

        var stats = await StatsAsync(admin);

        Assert.Equal(0, empty.GetProperty("connections").GetInt32());
        Assert.Equal(2, JsonAssert.Property(stats, "connections").GetInt32());
        Assert.Equal(1, JsonAssert.Property(stats, "registered").GetInt32());
        Assert.Equal(2, JsonAssert.Property(stats, "topics").GetInt32());
        Assert.Equal(3, JsonAssert.Property(stats, "messagesIn").GetInt64());
        Assert.True(JsonAssert.Property(stats, "messagesOut").GetInt64() >= 5, $"messagesOut counts 2 pushes and 3 responses at least: {stats.GetRawText()}");
        Assert.Equal(0, JsonAssert.Property(stats, "slowConsumers").GetInt64());
        Assert.True(JsonAssert.Property(stats, "gcAllocatedBytes").GetInt64() > empty.GetProperty("gcAllocatedBytes").GetInt64(), "connecting and publishing allocate");
        Assert.True(JsonAssert.Property(stats, "gcHeapBytes").GetInt64() > 0);
        Assert.True(JsonAssert.Property(stats, "bufferPoolBytes").GetInt64() % 4096 == 0, "whole 4 KiB blocks");
        Assert.Equal(1, JsonAssert.Property(stats, "unregistered").GetInt32());
        Assert.Equal(0, empty.GetProperty("unregistered").GetInt32());
        Assert.True(JsonAssert.Property(stats, "threadPoolThreads").GetInt32() > 0);
        Assert.True(JsonAssert.Property(stats, "threadPoolPendingWorkItems").GetInt64() >= 0);
        Assert.True(JsonAssert.Property(stats, "gcHeapAfterLastGcBytes").GetInt64() >= 0);
        Assert.True(JsonAssert.Property(stats, "gcHeapAfterLastFullGcBytes").GetInt64() >= 0);

        await registered.DisposeAsync();
        await Poll.UntilAsync(async () => (await StatsAsync(admin)).GetProperty("connections").GetInt32() == 1, "the closed connection to leave the totals");
        var after = await StatsAsync(admin);
        Assert.Equal(0, after.GetProperty("registered").GetInt32());
        Assert.Equal(0, after.GetProperty("topics").GetInt32());
    }

    private static async Task<JsonElement> TopicAsync(AdminGateway admin, string topic)
    {
        var answer = await admin.SendAsync(HttpMethod.Get, $"/signalrpub/topics/{Uri.EscapeDataString(topic)}");
        answer.AssertStatus(200);
        return answer.Json;
    }

    private static async Task<JsonElement> StatsAsync(AdminGateway admin)
    {
        var answer = await admin.SendAsync(HttpMethod.Get, "/signalrpub/stats");
        answer.AssertStatus(200);
        return answer.Json;
    }
}
