using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>
/// docs/protocol.md, upstream answers: an answer over <c>SignalRPub:Upstreams:MaxResponseBytes</c> counts as a failure
/// of its node, and an answer that is not valid JSON text is passed on as a JSON string, never raw.
/// </summary>
public sealed class UpstreamAnswerTests
{
    private const int Cap = 1024;

    [Fact]
    public async Task Action_AnswerOverMaxResponseBytes_RetriedOnNextNode()
    {
        await using var big = await FakeUpstream.StartAsync("big", _ => Task.FromResult(UpstreamReply.Ok(Padded(Cap + 1))));
        await using var small = await FakeUpstream.StartAsync("small", _ => Task.FromResult(UpstreamReply.Ok("""{"node":"small"}""")));

        // Weights 2:1 make the big node the first pick.
        await using var gateway = await StartAsync(UpstreamRoutes.RoundRobin(big.Node(2), small.Node(1)));
        await using var client = await gateway.ConnectRegisteredAsync();

        var response = await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("a"));

        Assert.Equal(["a"], Frames.Topics(response));
        JsonAssert.Equal("""{"node":"small"}""", JsonAssert.Property(Frames.Body(response), "upstream"));
        Assert.Single(big.Calls);
        Assert.Single(small.Calls);
    }

    [Fact]
    public async Task Action_AnswerOfExactlyMaxResponseBytes_Accepted()
    {
        await using var upstream = await FakeUpstream.StartAsync(answer: _ => Task.FromResult(UpstreamReply.Ok(Padded(Cap))));
        await using var gateway = await StartAsync(UpstreamRoutes.RoundRobin(upstream.Node()));
        await using var client = await gateway.ConnectRegisteredAsync();

        var response = await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("a"));

        Assert.Equal(["a"], Frames.Topics(response));
    }

    [Fact]
    public async Task Action_EveryAnswerOverMaxResponseBytes_502UpstreamUnavailableAndStateUnchanged()
    {
        await using var a = await FakeUpstream.StartAsync("a", _ => Task.FromResult(new UpstreamReply(409, Padded(Cap + 1))));
        await using var b = await FakeUpstream.StartAsync("b", _ => Task.FromResult(UpstreamReply.Ok(Padded(10 * Cap))));
        await using var gateway = await StartAsync(UpstreamRoutes.RoundRobin(a.Node(), b.Node()));
        await using var client = await gateway.ConnectRegisteredAsync();

        var response = await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("a"));

        Frames.AssertError(response, 502, "upstream_unavailable");
        Assert.Single(a.Calls);
        Assert.Single(b.Calls);
        Assert.Empty(await client.CurrentTopicsAsync());
    }

    [Theory]
    [InlineData(200)]
    [InlineData(409)]
    public async Task Action_AnswerNotValidUtf8_PassedOnAsJsonStringWithReplacementCharacters(int status)
    {
        byte[] answer = [.. "{\"s\":\"a"u8, 0xFF, 0xFE, .. "b\"}"u8];
        await using var upstream = await FakeUpstream.StartAsync(answer: _ => Task.FromResult(UpstreamReply.Raw(status, answer)));
        await using var gateway = await StartAsync(UpstreamRoutes.RoundRobin(upstream.Node()));
        await using var client = await gateway.ConnectRegisteredAsync();

        var response = await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("a"));

        Frames.AssertStatus(response, status);
        var passedOn = JsonAssert.Property(Frames.Body(response), "upstream");
        Assert.Equal(JsonValueKind.String, passedOn.ValueKind);
        Assert.Equal("{\"s\":\"a\uFFFD\uFFFDb\"}", passedOn.GetString());
    }

    [Fact]
    public async Task Action_AnswerWithLoneSurrogateEscape_PassedOnAsJsonString()
    {
        const string answer = """{"s":"\udc00"}""";
        await using var upstream = await FakeUpstream.StartAsync(answer: _ => Task.FromResult(UpstreamReply.Ok(answer)));
        await using var gateway = await StartAsync(UpstreamRoutes.RoundRobin(upstream.Node()));
        await using var client = await gateway.ConnectRegisteredAsync();

        var response = await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("a"));

        Assert.Equal(["a"], Frames.Topics(response));
        var passedOn = JsonAssert.Property(Frames.Body(response), "upstream");
        Assert.Equal(JsonValueKind.String, passedOn.ValueKind);
        Assert.Equal(answer, passedOn.GetString());
    }

    [Theory]
    [InlineData(HubProtocolKind.Json)]
    [InlineData(HubProtocolKind.MessagePack)]
    public async Task Action_AnswerDeeperThanAFrameCarries_PassedOnAsJsonStringTheHubClientCanRead(HubProtocolKind protocol)
    {
        // 62 levels: inside an answer to a SignalR JSON client that would be 65, past what SignalR reads.
        var answer = new string('[', 62) + new string(']', 62);
        await using var upstream = await FakeUpstream.StartAsync(answer: _ => Task.FromResult(UpstreamReply.Ok(answer)));
        await using var gateway = await StartAsync(UpstreamRoutes.RoundRobin(upstream.Node()));
        await using var hub = await gateway.ConnectHubAsync(protocol);
        await hub.RegisterAsync();

        var response = await hub.RequestAsync(SeedUris.SubAdd, HubClient.Topics("a"));

        Assert.Equal(["a"], Frames.Topics(response));
        Assert.Equal(answer, JsonAssert.Property(Frames.Body(response), "upstream").GetString());
    }

    /// <summary>A JSON object of exactly <paramref name="bytes"/> bytes.</summary>
    private static string Padded(int bytes)
    {
        var text = $$"""{"pad":"{{new string('x', bytes - 10)}}"}""";
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(text));
        return text;
    }

    private static Task<TestGateway> StartAsync(JsonObject upstream) => TestGateway.StartAsync(o =>
    {
        o.Settings["Upstreams"] = new JsonObject { ["MaxResponseBytes"] = Cap };
        o.Routes = UpstreamRoutes.Seed(subAdd: upstream);
    });
}
