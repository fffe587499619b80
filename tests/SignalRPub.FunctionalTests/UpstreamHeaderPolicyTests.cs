using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SignalRPub.FunctionalTests.Infrastructure;
using SignalRPub.Upstreams;

namespace SignalRPub.FunctionalTests;

/// <summary>
/// PROTOCOL.md §7 and docs/protocol.md: one header policy for both action forms. Headers that describe the hop, the
/// body's framing, the gateway's own credentials or the headers the gateway sets itself never reach the upstream;
/// a header that cannot be sent is refused with <c>400 bad_request</c> before any node is asked, and never counts
/// against a node's health.
/// </summary>
public sealed class UpstreamHeaderPolicyTests
{
    [Fact]
    public async Task FrameAction_HopByHopHostAndFramingHeaders_NotForwarded()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(subAdd: UpstreamRoutes.RoundRobin(upstream.Node())));
        await using var client = await gateway.ConnectRegisteredAsync();
        var header = new JsonObject
        {
            ["ts"] = "1",
            ["Host"] = "evil.example",
            ["Transfer-Encoding"] = "chunked",
            ["Content-Length"] = "5",
            ["Content-Type"] = "text/plain",
            ["Connection"] = "keep-alive, X-Hop",
            ["X-Hop"] = "listed in Connection",
            ["Keep-Alive"] = "timeout=5",
            ["Proxy-Connection"] = "keep-alive",
            ["TE"] = "trailers",
            ["Trailer"] = "X-Checksum",
            ["Upgrade"] = "websocket",
            ["Proxy-Authenticate"] = "Basic",
            ["Proxy-Authorization"] = "Basic Zm9vOmJhcg==",
            ["X-API-KEY"] = "a key",
            ["connId"] = "someone-else",
        };

        var response = await SendAsync(client, SeedUris.SubAdd, header, Frames.Topics("a"));

        Assert.Equal(["a"], Frames.Topics(response));
        var call = Assert.Single(upstream.Calls);
        Assert.Equal(upstream.Authority, call.Header("Host"));
        Assert.Equal("""{"topics":["a"]}""", call.BodyText);
        Assert.Equal("application/json", call.Header("Content-Type"));
        Assert.Equal("1", call.Header("ts"));
        foreach (var name in new[] { "Transfer-Encoding", "Connection", "X-Hop", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Upgrade", "Proxy-Authenticate", "Proxy-Authorization", "X-API-KEY", "connId" })
        {
            Assert.True(call.Header(name) is null, $"The upstream received {name}: {call.Header(name)}.");
        }
    }

    [Fact]
    public async Task FrameAction_GatewaysOwnHeadersInFrame_CannotBeSpoofed()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(subAdd: UpstreamRoutes.RoundRobin(upstream.Node())));
        await using var client = await gateway.ConnectRegisteredAsync();
        var header = new JsonObject
        {
            ["x-action"] = "register",
            ["X-Connection-Id"] = "someone-else",
            ["X-Forwarded-For"] = "6.6.6.6",
            ["X-Real-IP"] = "6.6.6.6",
        };

        Frames.AssertStatus(await SendAsync(client, SeedUris.SubAdd, header, Frames.Topics("a")), 200);

        var call = Assert.Single(upstream.Calls);
        Assert.Equal("sub_add", call.Header("X-Action"));
        Assert.Equal(client.ConnectionId, call.Header("X-Connection-Id"));
        Assert.Equal("127.0.0.1", call.Header("X-Forwarded-For"));
        Assert.Equal("127.0.0.1", call.Header("X-Real-IP"));
    }

    [Fact]
    public async Task HttpAction_HopByHopAndSpoofedHeaders_NotForwarded()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(subAdd: UpstreamRoutes.RoundRobin(upstream.Node())));
        await using var client = await gateway.ConnectRegisteredAsync();

        var answer = await gateway.PostAsync(
            SeedUris.SubAdd,
            """{"topics":["a"]}""",
            client.Authorization,
            ("ts", "1"),
            ("Connection", "X-Hop"),
            ("X-Hop", "listed in Connection"),
            ("Keep-Alive", "timeout=5"),
            ("Proxy-Authorization", "Basic Zm9vOmJhcg=="),
            ("X-Forwarded-For", "6.6.6.6"),
            ("X-Action", "register"));

        answer.AssertStatus(200);
        var call = Assert.Single(upstream.Calls);
        Assert.Equal(upstream.Authority, call.Header("Host"));
        Assert.Equal("1", call.Header("ts"));
        Assert.Equal("sub_add", call.Header("X-Action"));
        Assert.Equal("127.0.0.1", call.Header("X-Forwarded-For"));
        Assert.Null(call.Header("X-Hop"));
        Assert.Null(call.Header("Keep-Alive"));
        Assert.Null(call.Header("Proxy-Authorization"));
    }

    [Theory]
    [InlineData("ts", "caf\u00e9")]
    [InlineData("ts", "a\r\nX-Injected: 1")]
    [InlineData("ts", "a\nb")]
    [InlineData("ts", "a\u0000b")]
    [InlineData("ts", "a\u007fb")]
    [InlineData("a b", "1")]
    [InlineData("a:b", "1")]
    [InlineData("a\r\nX-Injected", "1")]
    [InlineData("caf\u00e9", "1")]
    [InlineData("(comment)", "1")]
    [InlineData("", "1")]
    public async Task FrameAction_HeaderThatCannotBeSent_400BadRequestNamingItBeforeAnyAttempt(string name, string value)
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(subAdd: UpstreamRoutes.RoundRobin(upstream.Node())));
        await using var client = await gateway.ConnectRegisteredAsync();

        var response = await SendAsync(client, SeedUris.SubAdd, new JsonObject { [name] = value }, Frames.Topics("a"));

        Frames.AssertError(response, 400, "bad_request");
        Assert.Contains($"'{name}'", Frames.Body(response).GetProperty("error").GetProperty("message").GetString());
        Assert.Empty(upstream.Calls);
        Assert.Empty(await client.CurrentTopicsAsync());
    }

    [Fact]
    public async Task FrameAction_BadHeadersOnEveryNode_NodeHealthUntouched()
    {
        await using var a = await FakeUpstream.StartAsync("a");
        await using var b = await FakeUpstream.StartAsync("b");
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(subAdd: UpstreamRoutes.RoundRobin(a.Node(), b.Node())));
        await using var client = await gateway.ConnectRegisteredAsync();

        // Each of these once made the gateway's own HttpClient throw, which counted against every node in turn.
        JsonObject[] headers =
        [
            new() { ["Content-Length"] = "5" },
            new() { ["ts"] = "caf\u00e9" },
            new() { ["Transfer-Encoding"] = "chunked" },
            new() { ["a b"] = "1" },
        ];
        for (var round = 0; round < 3; round++)
        {
            foreach (var header in headers)
            {
                var response = await SendAsync(client, SeedUris.SubAdd, header, Frames.Topics("a"));
                Assert.NotEqual(502, response.GetProperty("status").GetInt32());
            }
        }

        var state = Assert.Single(gateway.Services.GetRequiredService<UpstreamStates>().Live);
        Assert.All(state.Health, h => Assert.True(h.IsHealthy));
        Assert.Equal(0, state.Health.Sum(h => h.ConsecutiveFailures));
        Assert.Equal(["a"], await client.SubscribeAsync("a"));
    }

    [Fact]
    public async Task FrameAction_JsonHeaderValueWithNonAscii_ForwardedWithEscapes()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(subAdd: UpstreamRoutes.RoundRobin(upstream.Node())));
        await using var client = await gateway.ConnectRegisteredAsync();

        // Written by hand: a serializer would escape the name already, and the frame must carry it as UTF-8.
        await client.SendTextAsync($$$"""{"uri":"{{{SeedUris.SubAdd}}}","header":{"client-metadata":{"name":"张三"}},"body":{"topics":["a"]}}""");

        Frames.AssertStatus(await client.NextResponseAsync(), 200);
        var call = Assert.Single(upstream.Calls);
        Assert.Equal("""{"name":"\u5F20\u4E09"}""", call.Header("client-metadata"));
        JsonAssert.Equal("""{"name":"张三"}""", JsonAssert.Parse(call.Header("client-metadata")!));
    }

    private static async Task<System.Text.Json.JsonElement> SendAsync(RawClient client, string uri, JsonObject header, JsonNode body)
    {
        await client.SendTextAsync(new JsonObject { ["uri"] = uri, ["header"] = header.DeepClone(), ["body"] = body.DeepClone() }.ToJsonString());
        return await client.NextResponseAsync();
    }
}
