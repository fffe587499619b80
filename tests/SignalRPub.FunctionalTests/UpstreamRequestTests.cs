using System.Text;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>PROTOCOL.md §7: the request the gateway sends to an upstream, as the upstream receives it.</summary>
public sealed class UpstreamRequestTests
{
    // Headers the HTTP transport itself adds or may add (tracing); everything else must be exactly what §7 lists.
    private static readonly HashSet<string> s_transport = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "traceparent", "tracestate", "baggage", "Request-Id", "Correlation-Context",
    };

    [Fact]
    public async Task FrameAction_Forwarded_PostToRouteUriWithQueryHeadersAndBodyAsSent()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(subAdd: UpstreamRoutes.RoundRobin(upstream.Node())));
        await using var client = await gateway.ConnectRegisteredAsync();
        const string body = """{ "topics" : ["hq_100001_129",  "hq_100001_123"], "note":"\u00e9t\u00e9 \/" }""";
        var frame = $$"""
            {"uri":"{{SeedUris.SubAdd}}?acct=7&x=%20y","header":{"ts":132132132,"msgId":"2","Content-Type":"json",
             "client-metadata":{"app":"web","v":[1,2]},"Authorization":"Bearer abc"},"body":{{body}}}
            """;

        await client.SendTextAsync(frame);
        Frames.AssertStatus(await client.NextResponseAsync(), 200);

        var call = Assert.Single(upstream.Calls);
        Assert.Equal("POST", call.Method);
        Assert.Equal($"{SeedUris.SubAdd}?acct=7&x=%20y", call.PathAndQuery);
        Assert.Equal(Encoding.UTF8.GetBytes(body), call.Body);
        AssertHeaders(
            call,
            ("ts", "132132132"),
            ("msgId", "2"),
            ("client-metadata", """{"app":"web","v":[1,2]}"""),
            ("Authorization", "Bearer abc"),
            ("Content-Type", "application/json"),
            ("X-Action", "sub_add"),
            ("X-Connection-Id", client.ConnectionId),
            ("X-Forwarded-For", "127.0.0.1"),
            ("X-Real-IP", "127.0.0.1"));
    }

    [Fact]
    public async Task FrameAction_WithoutBody_ForwardsEmptyObject()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(register: UpstreamRoutes.RoundRobin(upstream.Node())));
        await using var client = await gateway.ConnectAsync();

        await client.SendTextAsync($$"""{"uri":"{{SeedUris.Register}}","msgId":7}""");
        Frames.AssertStatus(await client.NextResponseAsync(), 200);

        var call = Assert.Single(upstream.Calls);
        Assert.Equal(SeedUris.Register, call.PathAndQuery);
        Assert.Equal("{}", call.BodyText);
        Assert.Equal("register", call.Action);
        Assert.Equal("application/json", call.Header("Content-Type"));
    }

    [Fact]
    public async Task HttpAction_WithToken_ForwardedWithClientQueryHeadersAndBodyAsSent()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(subPut: UpstreamRoutes.RoundRobin(upstream.Node())));
        await using var client = await gateway.ConnectRegisteredAsync();
        const string body = """{"topics":["hq_100001_129",   "hq_100001_123"] ,"extra":{"k":null}}""";

        var answer = await gateway.PostAsync(
            $"{SeedUris.SubPut}?acct=7&flag",
            body,
            ("ts", "132132132"),
            ("msgId", "01321312"),
            ("client-metadata", """{"app":"web"}"""),
            client.Authorization);

        answer.AssertStatus(200);
        var call = Assert.Single(upstream.Calls);
        Assert.Equal("POST", call.Method);
        Assert.Equal($"{SeedUris.SubPut}?acct=7&flag", call.PathAndQuery);
        Assert.Equal(Encoding.UTF8.GetBytes(body), call.Body);
        AssertHeaders(
            call,
            ("ts", "132132132"),
            ("msgId", "01321312"),
            ("client-metadata", """{"app":"web"}"""),
            client.Authorization,
            ("Content-Type", "application/json"),
            ("X-Action", "sub_put"),
            ("X-Connection-Id", client.ConnectionId),
            ("X-Forwarded-For", "127.0.0.1"),
            ("X-Real-IP", "127.0.0.1"));
    }

    [Fact]
    public async Task HttpAction_BackendForm_ApiKeyAndConnIdNotForwarded()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(subAdd: UpstreamRoutes.RoundRobin(upstream.Node())));
        await using var client = await gateway.ConnectRegisteredAsync();

        var answer = await gateway.PostAsync(SeedUris.SubAdd, """{"topics":["a"]}""", [("ts", "1"), .. gateway.BackendHeaders(client.ConnectionId)]);

        answer.AssertStatus(200);
        var call = Assert.Single(upstream.Calls);
        Assert.Null(call.Header("X-API-KEY"));
        Assert.Null(call.Header("connId"));
        AssertHeaders(
            call,
            ("ts", "1"),
            ("Content-Type", "application/json"),
            ("X-Action", "sub_add"),
            ("X-Connection-Id", client.ConnectionId),
            ("X-Forwarded-For", "127.0.0.1"),
            ("X-Real-IP", "127.0.0.1"));
    }

    /// <summary>Asserts that the call carries exactly <paramref name="expected"/>, besides the transport's own headers.</summary>
    private static void AssertHeaders(UpstreamCall call, params (string Name, string Value)[] expected)
    {
        var actual = call.Headers.Where(h => !s_transport.Contains(h.Key)).ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in expected)
        {
            Assert.True(actual.TryGetValue(name, out var got), $"The upstream did not receive the header {name}; it received: {Describe(actual)}.");
            Assert.True(got == value, $"The header {name} was '{got}', expected '{value}'.");
        }

        var extra = actual.Keys.Where(k => !expected.Any(e => string.Equals(e.Name, k, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.True(extra.Count == 0, $"The upstream received headers §7 does not list: {string.Join(", ", extra.Select(k => $"{k}: {actual[k]}"))}.");
    }

    private static string Describe(Dictionary<string, string> headers) => string.Join(", ", headers.Select(h => $"{h.Key}: {h.Value}"));
}
