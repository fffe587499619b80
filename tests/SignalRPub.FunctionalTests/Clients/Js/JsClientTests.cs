using Xunit.Abstractions;

namespace SignalRPub.FunctionalTests.Clients.Js;

/// <summary>
/// The JavaScript client (clients/js, <c>@signalrpub/client</c>) and the official <c>@microsoft/signalr</c> client, tested
/// by Node's test runner against a gateway this test starts: one test per file in clients/js/test, each with a gateway
/// of its own. Node's output goes to the test output.
/// </summary>
public sealed class JsClientTests(ITestOutputHelper output)
{
    /// <summary>The longest one test file may run; the node process tree is killed then.</summary>
    private static readonly TimeSpan s_fileTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public Task Units_NoGatewayNeeded_PassNodeTests() => RunAsync("units.test.js");

    /// <summary>Over the <c>ws</c> package, as on Node 20 (the test hides a platform WebSocket).</summary>
    [Fact]
    public Task WebSocketTransport_WsPackage_PassesNodeTests() => RunAsync("websocket.test.js", webSocket: "ws");

    /// <summary>Over the platform's WebSocket, as in browsers and on Node 22+ (Node 20 and 21 have it behind a flag).</summary>
    [Fact]
    public Task WebSocketTransport_PlatformWebSocket_PassesNodeTests() => RunAsync("websocket.test.js", webSocket: "platform");

    /// <summary>The <c>pushBatching</c> option, against a scripted server of the test's own and against the gateway.</summary>
    [Fact]
    public Task PushBatching_ScriptedServerAndGateway_PassesNodeTests() => RunAsync("push-batch.test.js");

    [Fact]
    public Task SignalRTransportJson_AgainstGateway_PassesNodeTests() => RunAsync("signalr-json.test.js");

    [Fact]
    public Task SignalRTransportMessagePack_AgainstGateway_PassesNodeTests() => RunAsync("signalr-messagepack.test.js");

    [Fact]
    public Task Reconnect_GatewayRestarted_PassesNodeTests() => RunAsync("reconnect.test.js");

    [Fact]
    public Task OfficialSignalRClient_AsProtocolDocumentSays_PassesNodeTests() => RunAsync("official-signalr.test.js");

    private async Task RunAsync(string testFile, string webSocket = "ws")
    {
        await JsPackage.ReadyAsync();
        await using var server = await JsTestServer.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["SIGNALRPUB_URL"] = server.GatewayUrl,
            ["SIGNALRPUB_PUBLISH_KEY"] = server.PublishKey,
            ["SIGNALRPUB_CONTROL_URL"] = server.ControlUrl,
            ["SIGNALRPUB_TEST_WEBSOCKET"] = webSocket,
            ["NODE_OPTIONS"] = webSocket == "platform" && JsPackage.NodeMajor < 22 ? "--experimental-websocket" : "",
        };

        var result = await JsPackage.RunTestFileAsync(testFile, environment, s_fileTimeout);
        output.WriteLine($"$ {result.Command} ({result.Describe()})");
        output.WriteLine(result.Output);
        Assert.True(result.ExitCode == 0, $"node --test {testFile}: {result.Describe()}; its output is in the test output.\n{Tail(result.Output)}");
    }

    private static string Tail(string text, int lines = 60)
    {
        var all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}
