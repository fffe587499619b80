using System.Net.WebSockets;
using System.Text.Json.Nodes;
using SignalRPub.Redis.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SignalRPub.Redis.Tests;

/// <summary>The <see cref="GatewayNode"/> fixture runs the real server executable, which a test can kill or stop.</summary>
public sealed class GatewayNodeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Launch_ServerExecutable_ServesRawClientRegisterSubscribePublishPush()
    {
        await using var node = await GatewayNode.LaunchAsync(o => o.Name = "solo", output);
        await using var client = await node.ConnectRegisteredAsync();
        Assert.Equal(["quotes"], await client.SubscribeAsync("quotes"));

        await node.PublishAsync("quotes", new JsonObject { ["last"] = 12.34 });

        Frames.AssertPush(await client.NextPushAsync(), "quotes", """{"last":12.34}""");
        Assert.NotEqual(Environment.ProcessId, node.ProcessId);
        (await node.AdminAsync(HttpMethod.Get, "/apisix/admin/routes")).AssertStatus(200);
    }

    [Fact]
    public async Task Kill_NodeWithRawClient_SocketDropsWithoutCloseFrameAndProcessIsGone()
    {
        await using var node = await GatewayNode.LaunchAsync(o => o.Name = "victim", output);
        await using var client = await node.ConnectRegisteredAsync();
        var pid = node.ProcessId;

        await node.KillAsync();

        var closed = await client.WaitClosedAsync();
        Assert.Null(closed.Status);
        Assert.False(node.IsRunning);
        Assert.Throws<ArgumentException>(() => System.Diagnostics.Process.GetProcessById(pid));
        await Assert.ThrowsAsync<HttpRequestException>(() => node.HttpClient.GetAsync("healthz"));
        Assert.DoesNotContain(node.Output.Lines, line => line.Contains("Application is shutting down", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stop_NodeWithRawClients_ClosesThemWith1001AndExits()
    {
        await using var node = await GatewayNode.LaunchAsync(o => o.Name = "graceful", output);
        await using var registered = await node.ConnectRegisteredAsync();
        await using var unregistered = await node.ConnectAsync();

        await node.StopAsync();

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await registered.WaitClosedAsync()).Status);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await unregistered.WaitClosedAsync()).Status);
        Assert.False(node.IsRunning);
        await node.WaitForLogAsync(line => line.Contains("Application is shutting down", StringComparison.Ordinal), "the host's shutdown");
    }

    [Fact]
    public async Task Restart_AfterKill_ServesAgainOnTheSamePorts()
    {
        await using var node = await GatewayNode.LaunchAsync(o => o.Name = "phoenix", output);
        var (gateway, admin) = (node.BaseUri, node.AdminUri);
        await using (var before = await node.ConnectRegisteredAsync())
        {
            await node.KillAsync();
            await before.WaitClosedAsync();
        }

        await node.StartAsync();

        Assert.Equal((gateway, admin), (node.BaseUri, node.AdminUri));
        await using var after = await node.ConnectRegisteredAsync();
        await after.SubscribeAsync("t");
        await node.PublishAsync("t", 1);
        Frames.AssertPush(await after.NextPushAsync(), "t", "1");
    }

    [Fact]
    public async Task Launch_SettingsAndEnvironment_ReachTheNode()
    {
        await using var node = await GatewayNode.LaunchAsync(
            o =>
            {
                o.Name = "configured";
                o.PublishKey = "another-publish-key";
                o.Limits["MaxTopicsPerConnection"] = 1;
                o.Environment["Logging__LogLevel__Default"] = "Debug";
            },
            output);
        await using var client = await node.ConnectRegisteredAsync();

        var tooMany = await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("a", "b"));

        Frames.AssertError(tooMany, 400, "too_many_topics");
        (await node.PublishJsonAsync("""{"topic":"a","data":1}""", apiKey: GatewayNode.DefaultPublishKey)).AssertStatus(401);
        await node.WaitForLogAsync(line => line.StartsWith("dbug:", StringComparison.Ordinal) || line.Contains(" dbug: ", StringComparison.Ordinal), "a debug entry");
    }
}
