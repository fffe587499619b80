using System.Net.WebSockets;
using SignalRPub.Redis.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SignalRPub.Redis.Tests;

/// <summary>A <see cref="GatewayNode"/> can be killed (its shutdown does not run), stopped gracefully, and started again.</summary>
public sealed class GatewayNodeFaultTests(ITestOutputHelper output)
{
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
    public async Task StartAfterKill_AndRestart_ServeAgainOnTheSamePorts()
    {
        await using var node = await GatewayNode.LaunchAsync(o => o.Name = "phoenix", output);
        var (gateway, admin, firstProcess) = (node.BaseUri, node.AdminUri, node.ProcessId);
        await using (var before = await node.ConnectRegisteredAsync())
        {
            await node.KillAsync();
            await before.WaitClosedAsync();
        }

        await node.StartAsync();

        await AssertServesAsync(node);
        var secondProcess = node.ProcessId;

        await node.RestartAsync();

        await AssertServesAsync(node);
        Assert.Equal((gateway, admin), (node.BaseUri, node.AdminUri));
        Assert.Equal(3, new[] { firstProcess, secondProcess, node.ProcessId }.Distinct().Count());
        Assert.Single(node.Output.Lines, line => line.Contains(" exited] ", StringComparison.Ordinal) && line.EndsWith(", code 137", StringComparison.Ordinal));
        Assert.Single(node.Output.Lines, line => line.Contains(" exited] ", StringComparison.Ordinal) && line.EndsWith(", code 0", StringComparison.Ordinal));
    }

    private static async Task AssertServesAsync(GatewayNode node)
    {
        await using var client = await node.ConnectRegisteredAsync();
        await client.SubscribeAsync("t");
        await node.PublishAsync("t", 1);
        Frames.AssertPush(await client.NextPushAsync(), "t", "1");
    }
}
