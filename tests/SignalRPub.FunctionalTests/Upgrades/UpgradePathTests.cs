using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Upgrades;

/// <summary>
/// Issue 13, item 3: a raw client's WebSocket upgrade to an entry route behaves the same whichever path takes it
/// (<c>SignalRPub:Gateway:WebSocketUpgrades</c>): below HTTP in a Kestrel connection middleware
/// (<see cref="ConnectionUpgradeTests"/>), or through ASP.NET Core routing (<see cref="HttpUpgradeTests"/>). The same
/// admission answers, the same socket, and everything that is not such an upgrade served by HTTP as it always was.
/// </summary>
public abstract class UpgradePathTests
{
    /// <summary>The value of <c>SignalRPub:Gateway:WebSocketUpgrades</c> under test.</summary>
    protected abstract string WebSocketUpgrades { get; }

    /// <summary>How many HTTP requests the host's pipeline sees for one accepted upgrade to an entry route.</summary>
    protected abstract int HttpRequestsPerUpgrade { get; }

    [Fact]
    public async Task RoundTrip_RegisterSubscribePushDisconnect_Works()
    {
        await using var gateway = await StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        Assert.Equal(["a"], await client.SubscribeAsync("a"));
        await gateway.PublishAsync("a", JsonValue.Create(42));
        Frames.AssertPush(await client.NextPushAsync(), "a", "42");
        Frames.AssertStatus(await client.RequestAsync(SeedUris.Disconnect), 200);

        Assert.Equal(WebSocketCloseStatus.NormalClosure, (await client.WaitClosedAsync()).Status);
    }

    [Fact]
    public async Task Upgrade_ToEntry_ReachesTheHostsHttpPipelineOnlyOnTheHttpPath()
    {
        var requests = 0;
        await using var gateway = await StartAsync(o => o.ConfigureApp = app => app.Use((HttpContext context, RequestDelegate next) =>
        {
            if (context.Request.Path == SeedUris.Entry)
            {
                Interlocked.Increment(ref requests);
            }

            return next(context);
        }));
        await using var client = await gateway.ConnectRegisteredAsync();

        Assert.Equal(HttpRequestsPerUpgrade, Volatile.Read(ref requests));
    }

    [Fact]
    public async Task Upgrade_FromOtherOrigin_Is403ForbiddenWithErrorBody()
    {
        await using var gateway = await StartAsync(o => o.Settings["Security"] = new JsonObject { ["AllowedOrigins"] = new JsonArray("https://app.example.com") });
        await using var wire = await WireConnection.ConnectAsync(gateway.BaseUri);

        await wire.SendAsync(WireConnection.UpgradeHead(SeedUris.Entry, WireConnection.NewKey(), "Origin: https://evil.example.net"));

        (await wire.ReadAnswerAsync()).AssertError(403, "forbidden");
    }

    [Fact]
    public async Task Upgrade_PastTheBurstOfOneAddress_Is429RateLimitedWithRetryAfter()
    {
        await using var gateway = await StartAsync(o => o.Settings["RateLimits"] = new JsonObject { ["UpgradesPerSecondPerAddress"] = 1, ["UpgradeBurstPerAddress"] = 1 });

        // One token a second: of a few attempts in a row, at most one a second gets one.
        var answers = new List<WireAnswer>();
        for (var i = 0; i < 4 && answers.All(a => a.Status != 429); i++)
        {
            await using var wire = await WireConnection.ConnectAsync(gateway.BaseUri);
            await wire.SendAsync(WireConnection.UpgradeHead(SeedUris.Entry, WireConnection.NewKey()));
            answers.Add(await wire.ReadAnswerAsync());
        }

        var refused = answers.Last();
        refused.AssertError(429, "rate_limited");
        Assert.Equal("1", refused.Header("Retry-After"));
    }

    [Fact]
    public async Task Upgrade_WhileMaxUnregisteredConnectionsWait_Is503UnavailableWithRetryAfter()
    {
        await using var gateway = await StartAsync(o => o.Limits["MaxUnregisteredConnections"] = 1);
        await using var waiting = await gateway.ConnectAsync();

        // An answer means the hub knows the connection, so it counts among those waiting to register.
        await waiting.SendTextAsync("{}");
        Frames.AssertError(await waiting.NextResponseAsync(), 400, "bad_request");
        await using var wire = await WireConnection.ConnectAsync(gateway.BaseUri);
        await wire.SendAsync(WireConnection.UpgradeHead(SeedUris.Entry, WireConnection.NewKey()));

        var answer = await wire.ReadAnswerAsync();
        answer.AssertError(503, "unavailable");
        Assert.Equal("1", answer.Header("Retry-After"));
    }

    [Fact]
    public async Task Upgrade_WhileTheNodeStops_Is503UnavailableWithRetryAfter()
    {
        await using var gateway = await StartAsync();
        gateway.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        await using var wire = await WireConnection.ConnectAsync(gateway.BaseUri);

        await wire.SendAsync(WireConnection.UpgradeHead(SeedUris.Entry, WireConnection.NewKey()));

        var answer = await wire.ReadAnswerAsync();
        answer.AssertError(503, "unavailable");
        Assert.Equal("1", answer.Header("Retry-After"));
    }

    [Fact]
    public async Task Get_EntryWithoutUpgrade_Is426UpgradeRequired()
    {
        await using var gateway = await StartAsync();

        (await gateway.SendAsync(HttpMethod.Get, SeedUris.Entry, null)).AssertError(426, "upgrade_required");
    }

    [Fact]
    public async Task Upgrade_UnknownPath_Is404NotFound()
    {
        await using var gateway = await StartAsync();
        await using var wire = await WireConnection.ConnectAsync(gateway.BaseUri);

        await wire.SendAsync(WireConnection.UpgradeHead("/no-such-entry", WireConnection.NewKey()));

        (await wire.ReadAnswerAsync()).AssertError(404, "not_found");
    }

    [Fact]
    public async Task Idle_ClientNotAnsweringPings_IsClosedAfterIdleTimeout()
    {
        await using var gateway = await StartAsync(o => (o.Limits["KeepAliveSeconds"], o.Limits["IdleTimeoutSeconds"]) = (1, 2));
        await using var silent = await gateway.ConnectRegisteredAsync();

        // Not reading, a client answers no ping; the receive already pending would, so a last push completes it first.
        silent.PauseReading();
        await gateway.PublishAsync($"$conn:{silent.ConnectionId}", JsonValue.Create("last"));
        await silent.NextPushAsync();

        var answer = await Eventually.StatusAsync(
            () => gateway.PostAsync(SeedUris.SubDelete, """{"topics":["probe"]}""", gateway.BackendHeaders(silent.ConnectionId)), 404);
        answer.AssertError(404, "not_found");
    }

    [Fact]
    public async Task Shutdown_StopAsync_ClosesTheSocketWith1001()
    {
        var gateway = await StartAsync();
        await using (gateway)
        {
            await using var client = await gateway.ConnectRegisteredAsync();

            await gateway.StopAsync();

            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await client.WaitClosedAsync()).Status);
        }
    }

    [Fact]
    public async Task Upgrade_HeadSplitByteByByte_IsAcceptedAndTheSocketWorks()
    {
        await using var gateway = await StartAsync();
        await using var wire = await WireConnection.ConnectAsync(gateway.BaseUri);
        var key = WireConnection.NewKey();

        await wire.SendAsync(WireConnection.UpgradeHead(SeedUris.Entry + "?app=split", key), piece: 1);
        var answer = await wire.ReadAnswerAsync();

        answer.AssertStatus(101);
        Assert.Equal(WireConnection.AcceptOf(key), answer.Header("Sec-WebSocket-Accept"));
        using var socket = wire.AsWebSocket();
        Frames.AssertStatus(await RequestAsync(socket, Frames.Request(SeedUris.Register, msgId: "r")), 200);
    }

    [Fact]
    public async Task Upgrade_FrameInTheSameWriteAsTheHead_IsRead()
    {
        await using var gateway = await StartAsync();
        await using var wire = await WireConnection.ConnectAsync(gateway.BaseUri);

        await wire.SendAsync([
            .. Encoding.ASCII.GetBytes(WireConnection.UpgradeHead(SeedUris.Entry, WireConnection.NewKey())),
            .. WireConnection.ClientTextFrame(Frames.Request(SeedUris.Register, msgId: "r")),
        ]);

        (await wire.ReadAnswerAsync()).AssertStatus(101);
        using var socket = wire.AsWebSocket();
        Frames.AssertStatus(await ReceiveAsync(socket), 200);
    }

    [Fact]
    public async Task Upgrade_HeadThatNeverCompletes_IsEndedByTheHeadersTimeoutWhileOtherRequestsAreServed()
    {
        await using var gateway = await StartAsync(o => o.ConfigureServices = s =>
            s.Configure<KestrelServerOptions>(k => k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(1)));
        await using var slow = await WireConnection.ConnectAsync(gateway.BaseUri);

        await slow.SendAsync($"GET {SeedUris.Entry} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n");
        (await gateway.SendAsync(HttpMethod.Get, "/healthz", null)).AssertStatus(200);
        await using (var other = await gateway.ConnectRegisteredAsync())
        {
            Assert.Equal(["a"], await other.SubscribeAsync("a"));
        }

        // HTTP's answer to a head that took too long, and the connection ends.
        var answer = await slow.ReadUntilClosedAsync();
        Assert.Equal(408, answer?.Status);
    }

    [Fact]
    public async Task HubWebSocket_NotAnEntry_StillWorks()
    {
        await using var gateway = await StartAsync();
        await using var hub = await gateway.ConnectHubAsync(HubProtocolKind.Json);

        await hub.RegisterAsync();
    }

    [Fact]
    public async Task KeepAlive_RequestsAfterANonUpgradeRequest_AreServedOnTheSameConnection()
    {
        await using var gateway = await StartAsync();
        await using var wire = await WireConnection.ConnectAsync(gateway.BaseUri);

        await wire.SendAsync(WireConnection.GetHead(SeedUris.Entry));
        (await wire.ReadAnswerAsync()).AssertError(426, "upgrade_required");
        await wire.SendAsync(WireConnection.GetHead("/healthz"));
        (await wire.ReadAnswerAsync()).AssertStatus(200);

        // An upgrade later on a kept-alive connection is HTTP's on either path, and is accepted all the same.
        await wire.SendAsync(WireConnection.UpgradeHead(SeedUris.Entry, WireConnection.NewKey()));
        (await wire.ReadAnswerAsync()).AssertStatus(101);
        using var socket = wire.AsWebSocket();
        Frames.AssertStatus(await RequestAsync(socket, Frames.Request(SeedUris.Register, msgId: "r")), 200);
    }

    [Fact]
    public async Task KeepAlive_PipelinedRequestsInOneWrite_AreEachAnswered()
    {
        await using var gateway = await StartAsync();
        await using var wire = await WireConnection.ConnectAsync(gateway.BaseUri);

        await wire.SendAsync(WireConnection.GetHead("/healthz") + WireConnection.GetHead(SeedUris.Entry) + WireConnection.GetHead("/healthz"));

        (await wire.ReadAnswerAsync()).AssertStatus(200);
        (await wire.ReadAnswerAsync()).AssertError(426, "upgrade_required");
        (await wire.ReadAnswerAsync()).AssertStatus(200);
    }

    [Fact]
    public async Task Http2PriorKnowledge_OnThisListener_ReachesKestrelWhichAsksForHttp11()
    {
        // The listener speaks HTTP/1.1 only in clear text; Kestrel still recognises the HTTP/2 preface and says so in
        // HTTP/2, a GOAWAY frame with HTTP_1_1_REQUIRED (0xd): proof that the preface reached it untouched. The preface
        // alone is sent, so Kestrel reads everything and closes with a FIN (after more unread bytes it would reset the
        // connection, and a reset can throw away the answer before it is read).
        await using var gateway = await StartAsync();
        await using var wire = await WireConnection.ConnectAsync(gateway.BaseUri);

        await wire.SendAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        var frames = await wire.ReadToEndAsync();

        Assert.Contains(0xdu, GoAwayErrorCodes(frames));
    }

    // The error codes of the HTTP/2 GOAWAY frames in bytes a server wrote (RFC 9113 §4.1, §6.8).
    private static List<uint> GoAwayErrorCodes(byte[] frames)
    {
        var codes = new List<uint>();
        var at = 0;
        while (at + 9 <= frames.Length)
        {
            var length = (frames[at] << 16) | (frames[at + 1] << 8) | frames[at + 2];
            if (frames[at + 3] == 0x7 && length >= 8 && at + 9 + 8 <= frames.Length)
            {
                codes.Add(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(frames.AsSpan(at + 9 + 4, 4)));
            }

            at += 9 + length;
        }

        return codes;
    }

    /// <summary>A gateway with the setting under test, changed as <paramref name="configure"/> says.</summary>
    private protected Task<TestGateway> StartAsync(Action<TestGatewayOptions>? configure = null) =>
        TestGateway.StartAsync(o =>
        {
            o.Settings["Gateway"] = new JsonObject { ["WebSocketUpgrades"] = WebSocketUpgrades };
            configure?.Invoke(o);
        });

    private static async Task<JsonElement> RequestAsync(WebSocket socket, string frame)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        return await ReceiveAsync(socket);
    }

    private static async Task<JsonElement> ReceiveAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        var buffer = new byte[64 * 1024];
        var length = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        return JsonAssert.Parse(Encoding.UTF8.GetString(buffer, 0, length));
    }
}
