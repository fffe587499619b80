using System.Net.WebSockets;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignalRPub.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace SignalRPub.FunctionalTests.Fuzzing;

/// <summary>
/// Issue 9, fuzzing the HTTP form of actions (PROTOCOL.md §5): requests to the action routes and to paths that are
/// none, with mutated bodies, other methods and content types, query strings, the connection named right, wrongly,
/// twice or not at all (<c>Authorization: Bearer</c>, <c>X-API-KEY</c> and <c>connId</c>), and headers the upstream
/// must never see as sent. Never a 500; every error the gateway writes is a §8 error body; a refused request changes
/// no connection's topic set; a 200 is the set the named connection now holds, and leaves the other one alone; the
/// upstream never sees what the header policy drops; no error is logged; and a witness connection keeps receiving
/// throughout.
/// </summary>
public sealed class HttpActionFuzzTests(ITestOutputHelper output)
{
    /// <summary>How the request names a connection; <see cref="HttpInput.Target"/> tells which one that must be.</summary>
    private enum Auth
    {
        BearerFirst,
        BearerOther,
        BearerLowerCase,
        BearerGarbage,
        BearerTampered,
        BearerOtherGatewaysToken,
        KeyAndConnIdFirst,
        KeyAndConnIdOther,
        KeyAndUnknownConnId,
        KeyWithoutConnId,
        WrongKeyAndConnIdFirst,
        BearerFirstAndKeyForOther,
        BasicAndKeyForFirst,
        TwoBearers,
        KeyAndTwoConnIds,
        None,
    }

    [Fact]
    public async Task HttpAction_MutatedRequests_Never500RefusalsChangeNothingSuccessesAreTheNamedConnectionsSet()
    {
        var settings = FuzzSettings.FromEnvironment(defaultIterations: 300, output);
        await using var routes = await FuzzRoutes.StartAsync();
        var logs = new CapturedLogs();
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            routes.Configure(o);
            o.ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs);

            // Wrong tokens and keys are a good share of the inputs, all from 127.0.0.1: with the default allowance (60 a
            // minute per address) every later request would get 429. The limiter has tests of its own (RateLimitTests).
            o.Settings["RateLimits"]!["AuthFailuresPerMinutePerAddress"] = 1_000_000;
        });
        var witness = await FuzzWitness.ConnectAsync(gateway);
        var first = await FuzzClient.ConnectAsync(gateway, routes);
        var other = await FuzzClient.ConnectAsync(gateway, routes);
        var statuses = new SortedDictionary<string, int>(StringComparer.Ordinal);
        try
        {
            await settings.RunAsync(Inputs, async input =>
            {
                (first, other) = await CheckAsync(gateway, routes, first, other, input, statuses);
                routes.AssertUpstreamCallsClean();
                FuzzAssert.NoErrorLogged(logs);
            }, input => input.ToString(), witness);
            routes.AssertUpstreamCallsClean();
            output.WriteLine($"Answers: {string.Join(", ", statuses.Select(s => $"{s.Key} x{s.Value}"))}.");
        }
        finally
        {
            await first.Client.DisposeAsync();
            await other.Client.DisposeAsync();
            await witness.DisposeAsync();
        }
    }

    private static Gen<string> MsgId { get; } = Gen.Frequency(
        (5, Gen.Int[0, 100_000].Select(n => $"m{n}")),
        (1, Gen.OneOf("", " ", "a b", "1", "\"quoted\"", "{}", new string('m', 3000))));

    /// <summary>Headers HttpClient can send that the upstream must not see as sent, that it may not carry, or that are ordinary.</summary>
    private static Gen<(string Name, string Value)> Header { get; } = Gen.OneOf<(string, string)>(
        ("Host", "evil.example"), ("Connection", "X-Hop"), ("X-Hop", "1"), ("Keep-Alive", "timeout=5"), ("TE", "trailers"), ("Upgrade", "websocket"),
        ("Proxy-Authorization", "Basic Zm9v"), ("X-Connection-Id", "someone"), ("X-Action", "register"), ("X-Forwarded-For", "6.6.6.6"),
        ("X-Real-IP", "6.6.6.6"), ("connId", "someone"), ("msgId", "m1"), ("msgId", "m2"), ("ts", "132132132"), ("Expect", "100-continue"),
        ("x-del", "a\u007Fb"), ("x-tab", "a\tb"), ("x-empty", ""), ("x-long", new string('v', 6000)), ("x-json", "{\"a\":[1,2]}"),
        ("Transfer-Encoding", "chunked"), ("Accept", "text/html"), ("Cookie", "a=b"), ("Origin", "https://evil.example"));

    private static Gen<HttpInput> Inputs { get; } = Gen.Select(
        Gen.Frequency((12, Gen.OneOf(HttpMethod.Post)), (1, Gen.OneOf(HttpMethod.Get, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Options, new HttpMethod("FOO")))),
        // The publish API and the hub are fuzzed elsewhere; here they would publish or negotiate.
        FuzzFrames.Paths.Select(path => path is "" or "/api/v1/publish" or "/hub" ? "/" : path),
        FuzzFrames.Query,
        Gen.Frequency(
            (10, FuzzFrames.Body.Select(body => body ?? new JsonObject()).SelectMany(seed => FuzzDocument.From(seed)).Select(d => (FuzzDocument?)d)),
            (1, Gen.OneOf<FuzzDocument?>((FuzzDocument?)null))),
        Gen.Frequency((20, Gen.OneOf(BodyKind.AsIs)), (1, Gen.OneOf(BodyKind.Empty, BodyKind.Oversized))),
        Gen.Frequency((10, Gen.OneOf<string?>("application/json")), (1, Gen.OneOf<string?>(null, "text/plain", "application/json; charset=utf-8", "multipart/form-data; boundary=x"))),
        Gen.Frequency((4, Gen.Enum<Auth>()), (3, Gen.OneOf(Auth.BearerFirst, Auth.KeyAndConnIdFirst, Auth.BearerOther))),
        Gen.Frequency(
            (4, Header.Array[0, 0]),
            (3, MsgId.Select(id => new[] { ("msgId", id) })),
            (2, Header.Array[1, 3])),
        (method, path, query, body, bodyKind, contentType, auth, headers) => new HttpInput(method, path + query, body, bodyKind, contentType, auth, headers));

    private static async Task<(FuzzClient First, FuzzClient Other)> CheckAsync(
        TestGateway gateway,
        FuzzRoutes routes,
        FuzzClient first,
        FuzzClient other,
        HttpInput input,
        SortedDictionary<string, int> statuses)
    {
        var (answer, allow) = await SendAsync(gateway, input, first.Client, other.Client);
        var status = answer.StatusCode;
        var shown = $"HTTP {status}: '{answer.Text}'";
        Assert.True(status != 500, shown);
        string outcome;
        if (status >= 400)
        {
            var body = answer.Json;
            FuzzAssert.ErrorBody(body, status);
            outcome = $"{status} {body.GetProperty("error").GetProperty("code").GetString()}";
            if (status == 405)
            {
                Assert.True(allow.Contains("POST"), $"405 without Allow: POST: {shown}");
            }
            else if (status == 429)
            {
                Assert.True(answer.Headers.RetryAfter is not null, $"429 without Retry-After: {shown}");
            }
        }
        else
        {
            outcome = $"{status} {input.PathOnly}";
        }

        statuses[outcome] = statuses.GetValueOrDefault(outcome) + 1;
        if (status != 200 || !FuzzRoutes.ActionPaths.Contains(input.PathOnly))
        {
            // Refused, or not an action (GET /healthz): nobody's set changed.
            Assert.True(status >= 400 || (status == 200 && input.PathOnly == "/healthz"), shown);
            await first.AssertTopicsAsync();
            await other.AssertTopicsAsync();
            return (first, other);
        }

        Assert.True(input.Method == HttpMethod.Post, shown);
        Assert.True(input.Target != Target.None, $"A request that names no connection with valid credentials succeeded: {shown}");
        // HTTP drops the whitespace around a header value, so " " arrives empty and is not echoed.
        if (input.SingleMsgId?.Trim() is { Length: > 0 } msgId)
        {
            Assert.True(answer.Headers.TryGetValues("msgId", out var echoed) && echoed.SingleOrDefault() == msgId, $"msgId not echoed: {shown}");
        }

        var success = FuzzAssert.Success(answer.Json);
        Assert.Null(success.ConnectionId);
        var (named, untouched) = input.Target == Target.First ? (first, other) : (other, first);
        if (success.IsDisconnect)
        {
            var close = await named.Client.WaitClosedAsync();
            Assert.True(close.Status == WebSocketCloseStatus.NormalClosure, $"Expected the close 1000 after a disconnect but got {close.Status} ({close.Description}).");
            await untouched.AssertTopicsAsync();
            var fresh = await named.ReplaceAsync(gateway, routes);
            return input.Target == Target.First ? (fresh, other) : (first, fresh);
        }

        named.Topics = success.Topics!;
        await named.AssertTopicsAsync();
        await untouched.AssertTopicsAsync();
        return (first, other);
    }

    /// <summary>Sends <paramref name="input"/>; returns the answer and its <c>Allow</c> (a content header, which <see cref="HttpAnswer"/> leaves out).</summary>
    private static async Task<(HttpAnswer Answer, string[] Allow)> SendAsync(TestGateway gateway, HttpInput input, RawClient first, RawClient other)
    {
        using var request = new HttpRequestMessage(input.Method, input.Path.TrimStart('/'));
        if (input.Body is { } body)
        {
            request.Content = new ByteArrayContent(input.BodyKind switch
            {
                BodyKind.Empty => [],
                BodyKind.Oversized => [.. (body with { Text = null }).ToUtf8(), .. Enumerable.Repeat((byte)' ', FuzzFrame.MaxFrameBytes + 1)],
                _ => body.ToUtf8(),
            });
            if (input.ContentType is { } contentType)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        foreach (var (name, value) in input.AuthHeaders(first, other, gateway.PublishKey).Concat(input.Headers))
        {
            // HttpClient cannot send a chunked request without a body; Kestrel refuses a second Host before the gateway
            // sees the request (RFC 9112 §3.2), with an answer of its own.
            if ((request.Content is null && name == "Transfer-Encoding") || (name == "Host" && request.Headers.Host is not null))
            {
                continue;
            }

            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await gateway.HttpClient.SendAsync(request);
        string[] allow = [.. response.Content.Headers.Allow];
        return (await HttpAnswer.ReadAsync(response), allow);
    }

    private enum BodyKind
    {
        AsIs,
        Empty,
        Oversized,
    }

    private enum Target
    {
        None,
        First,
        Other,
    }

    /// <summary>One fuzzed HTTP action request; the connections' tokens and ids are filled in when it is sent.</summary>
    private sealed record HttpInput(
        HttpMethod Method,
        string Path,
        FuzzDocument? Body,
        BodyKind BodyKind,
        string? ContentType,
        Auth Auth,
        (string Name, string Value)[] Headers)
    {
        public string PathOnly => Path.Split('?', '#')[0];

        /// <summary>
        /// The connection the request names (PROTOCOL.md §5: a bearer token first, else the key and <c>connId</c>); none
        /// when its credentials are wrong, missing, or name no one connection.
        /// </summary>
        public Target Target => Auth switch
        {
            Auth.BearerFirst or Auth.BearerLowerCase or Auth.KeyAndConnIdFirst or Auth.BearerFirstAndKeyForOther or Auth.BasicAndKeyForFirst => Target.First,
            Auth.BearerOther or Auth.KeyAndConnIdOther => Target.Other,
            _ => Target.None,
        };

        /// <summary>The <c>msgId</c> header, when exactly one was sent.</summary>
        public string? SingleMsgId => Headers.Count(h => h.Name == "msgId") == 1 ? Headers.Single(h => h.Name == "msgId").Value : null;

        public IEnumerable<(string, string)> AuthHeaders(RawClient first, RawClient other, string publishKey) => Auth switch
        {
            Auth.BearerFirst => [first.Authorization],
            Auth.BearerOther => [other.Authorization],
            Auth.BearerLowerCase => [("Authorization", $"bearer {first.ConnectionToken}")],
            Auth.BearerGarbage => [("Authorization", "Bearer garbage")],
            Auth.BearerTampered => [("Authorization", $"Bearer {first.ConnectionToken[..^1]}{(first.ConnectionToken[^1] == 'A' ? 'B' : 'A')}")],
            Auth.BearerOtherGatewaysToken => [("Authorization", $"Bearer {first.ConnectionId}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")],
            Auth.KeyAndConnIdFirst => [("X-API-KEY", publishKey), ("connId", first.ConnectionId)],
            Auth.KeyAndConnIdOther => [("X-API-KEY", publishKey), ("connId", other.ConnectionId)],
            Auth.KeyAndUnknownConnId => [("X-API-KEY", publishKey), ("connId", "no-such-connection")],
            Auth.KeyWithoutConnId => [("X-API-KEY", publishKey)],
            Auth.WrongKeyAndConnIdFirst => [("X-API-KEY", publishKey + "x"), ("connId", first.ConnectionId)],
            Auth.BearerFirstAndKeyForOther => [first.Authorization, ("X-API-KEY", publishKey), ("connId", other.ConnectionId)],
            Auth.BasicAndKeyForFirst => [("Authorization", "Basic Zm9vOmJhcg=="), ("X-API-KEY", publishKey), ("connId", first.ConnectionId)],
            Auth.TwoBearers => [first.Authorization, other.Authorization],
            Auth.KeyAndTwoConnIds => [("X-API-KEY", publishKey), ("connId", first.ConnectionId), ("connId", other.ConnectionId)],
            _ => [],
        };

        public override string ToString() =>
            $"{Method} {Path} {Auth} [{string.Join(", ", Headers.Select(h => $"{h.Name}: {(h.Value.Length > 100 ? h.Value[..100] + "…" : h.Value)}"))}] " +
            $"Content-Type {ContentType ?? "none"} {BodyKind} {Body?.ToString() ?? "no body"}";
    }
}
