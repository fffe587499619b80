using System.Text.Json;
using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Fuzzing;

/// <summary>
/// The routes of a fuzz gateway: the seed's (no upstream, so that <see cref="RawClient.CurrentTopicsAsync"/> reads a
/// connection's set without asking anyone) and routes whose upstream is a real <see cref="FakeUpstream"/>, so that the
/// forwarding path (header policy, query forwarding, answers that narrow, refuse or cannot be used) is fuzzed too.
/// Every call the upstream receives is checked against the header policy (PROTOCOL.md §7).
/// </summary>
internal sealed class FuzzRoutes : IAsyncDisposable
{
    /// <summary>Upstream answers <c>200 {}</c>.</summary>
    public const string Add = "/fz/add";

    /// <summary>Upstream narrows: answers the requested topics without those holding <c>b</c>, plus <see cref="Narrowed"/>.</summary>
    public const string Put = "/fz/put";

    public const string Delete = "/fz/del";

    /// <summary>Upstream answers <c>{"userId":"fz-user"}</c>.</summary>
    public const string Register = "/fz/reg";

    public const string Disconnect = "/fz/bye";

    /// <summary>Upstream refuses with 403.</summary>
    public const string Deny = "/fz/deny";

    /// <summary>Upstream answers topics the gateway cannot use (<c>$all</c>): 502 upstream_rejected.</summary>
    public const string Unusable = "/fz/bad";

    /// <summary>The one node cannot be reached: 502 upstream_unavailable.</summary>
    public const string Gone = "/fz/gone";

    /// <summary>No upstream and no <c>superior_id</c>: serves every entry.</summary>
    public const string Anywhere = "/fz/any";

    /// <summary>Belongs to another entry (<see cref="OtherEntry"/>): 404 for a connection of the seed's entry.</summary>
    public const string OtherEntrysAction = "/fz/other";

    public const string OtherEntry = "/fz-entry";

    /// <summary>The topic <see cref="Put"/>'s upstream adds to every set it answers.</summary>
    public const string Narrowed = "fz-narrowed";

    private static readonly string[] s_forbidden =
    [
        "Transfer-Encoding", "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Upgrade", "Proxy-Authenticate",
        "Proxy-Authorization", "X-API-KEY", "connId",
    ];

    private static readonly Dictionary<string, string> s_actions = new()
    {
        [Add] = "sub_add",
        [Put] = "sub_put",
        [Delete] = "sub_delete",
        [Register] = "register",
        [Disconnect] = "disconnect",
        [Deny] = "sub_add",
        [Unusable] = "sub_put",
        [Gone] = "sub_add",
    };

    private readonly FakeUpstream _upstream;
    private int _checked;

    private FuzzRoutes(FakeUpstream upstream)
    {
        _upstream = upstream;
    }

    /// <summary>Every action path of the fuzz gateway, the seed's first.</summary>
    public static string[] ActionPaths { get; } =
    [
        SeedUris.Register, SeedUris.SubAdd, SeedUris.SubPut, SeedUris.SubDelete, SeedUris.Disconnect,
        Add, Put, Delete, Register, Disconnect, Deny, Unusable, Gone, Anywhere, OtherEntrysAction,
    ];

    /// <summary>Paths that are not action routes of the seed's entry, or are written almost like one.</summary>
    public static string[] OtherPaths { get; } =
    [
        "/", "/nope", SeedUris.Entry, OtherEntry, SeedUris.SubAdd + "/", SeedUris.SubAdd.ToUpperInvariant(), "/fz/ADD", "/fz//add", "/fz/add%20",
        "/api/v1/publish", "/healthz", "/hub", "",
    ];

    /// <summary>The action paths that end the connection when they succeed.</summary>
    public static IReadOnlySet<string> DisconnectPaths { get; } = new HashSet<string>([SeedUris.Disconnect, Disconnect], StringComparer.Ordinal);

    /// <summary>Every connection id an upstream call may name: the connections the test made.</summary>
    public HashSet<string> ConnectionIds { get; } = [];

    public static async Task<FuzzRoutes> StartAsync() => new(await FakeUpstream.StartAsync("fuzz", Answer));

    /// <summary>
    /// Gives the gateway these routes; and, since a fuzz loop sends as fast as the gateway answers, a frame rate no fuzz
    /// run reaches (the frame limiter has tests of its own, in <c>RateLimitTests</c>).
    /// </summary>
    public void Configure(TestGatewayOptions options)
    {
        var node = UpstreamRoutes.RoundRobin(_upstream.Node());
        var routes = TestRoutes.Seed();
        foreach (var route in (JsonNode[])
        [
            TestRoutes.Entry("2", OtherEntry),
            UpstreamRoutes.WithUpstream(TestRoutes.Action("f1", Add, "sub_add", SeedUris.EntryId), node),
            UpstreamRoutes.WithUpstream(TestRoutes.Action("f2", Put, "sub_put", SeedUris.EntryId), node),
            UpstreamRoutes.WithUpstream(TestRoutes.Action("f3", Delete, "sub_delete", SeedUris.EntryId), node),
            UpstreamRoutes.WithUpstream(TestRoutes.Action("f4", Register, "register", SeedUris.EntryId), node),
            UpstreamRoutes.WithUpstream(TestRoutes.Action("f5", Disconnect, "disconnect", SeedUris.EntryId), node),
            UpstreamRoutes.WithUpstream(TestRoutes.Action("f6", Deny, "sub_add", SeedUris.EntryId), node),
            UpstreamRoutes.WithUpstream(TestRoutes.Action("f7", Unusable, "sub_put", SeedUris.EntryId), node),
            UpstreamRoutes.WithUpstream(TestRoutes.Action("f8", Gone, "sub_add", SeedUris.EntryId), UpstreamRoutes.RoundRobin(FakeUpstream.ClosedNode())),
            TestRoutes.Action("f9", Anywhere, "sub_add"),
            TestRoutes.Action("f10", OtherEntrysAction, "sub_add", "2"),
        ])
        {
            routes.Add(route);
        }

        options.Routes = routes;

        // Small enough that fuzzed lists reach both limits (PROTOCOL.md §8, too_many_topics).
        options.Limits["MaxTopicsPerRequest"] = 8;
        options.Limits["MaxTopicsPerConnection"] = 12;
        options.Settings["RateLimits"] = new JsonObject { ["FramesPerSecond"] = 1_000_000, ["FrameBurst"] = 1_000_000 };
    }

    /// <summary>
    /// Asserts that every call the upstream received since the last check kept the header policy: the node's own
    /// <c>Host</c>, a <c>Content-Length</c> that is the body's, no hop-by-hop or credential header of the client, the
    /// gateway's own headers as the gateway sets them, and a body of valid JSON text.
    /// </summary>
    public void AssertUpstreamCallsClean()
    {
        var calls = _upstream.Calls;
        for (; _checked < calls.Count; _checked++)
        {
            var call = calls[_checked];
            var shown = $"upstream call {call.Number} {call.Method} {call.PathAndQuery} [{string.Join(", ", call.Headers.Select(h => $"{h.Key}: {h.Value}"))}] {call.BodyText}";
            Assert.True(call.Method == "POST", shown);
            Assert.True(call.Header("Host") == _upstream.Authority, $"Host: {shown}");
            Assert.True(call.Header("Content-Length") == call.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Content-Length: {shown}");
            Assert.True(call.Header("Content-Type") == "application/json", $"Content-Type: {shown}");
            foreach (var name in s_forbidden)
            {
                Assert.True(call.Header(name) is null, $"{name}: {shown}");
            }

            Assert.True(ConnectionIds.Contains(call.Header("X-Connection-Id") ?? ""), $"X-Connection-Id: {shown}");
            Assert.True(call.Header("X-Forwarded-For") == "127.0.0.1" && call.Header("X-Real-IP") == "127.0.0.1", $"X-Forwarded-For: {shown}");
            var path = call.PathAndQuery.Split('?')[0];
            var action = call.Header("X-Action");
            Assert.True(
                (s_actions.TryGetValue(path, out var expected) && action == expected) || (path == Disconnect && action == "disconnected"),
                $"X-Action: {shown}");
            Assert.True(FuzzJson.ParseValid(call.Body) is not null, $"Body: {shown}");
        }
    }

    public ValueTask DisposeAsync() => _upstream.DisposeAsync();

    private static Task<UpstreamReply> Answer(UpstreamCall call)
    {
        var path = call.PathAndQuery.Split('?')[0];
        return Task.FromResult(path switch
        {
            Put => UpstreamReply.Ok(new JsonObject { ["topics"] = new JsonArray([.. Narrow(call.Body).Select(t => (JsonNode?)t)]) }.ToJsonString()),
            Deny => new UpstreamReply(403, """{"reason":"denied"}"""),
            Unusable => UpstreamReply.Ok("""{"topics":["$all"]}"""),
            Register => UpstreamReply.Ok("""{"userId":"fz-user"}"""),
            _ => UpstreamReply.Ok(),
        });
    }

    private static IEnumerable<string> Narrow(byte[] body)
    {
        var topics = new List<string> { Narrowed };
        if (FuzzJson.ParseValid(body) is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("topics", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            topics.AddRange(list.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).Where(t => !t.Contains('b', StringComparison.Ordinal)));
        }

        return topics;
    }
}
