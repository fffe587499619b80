using System.Text.Json.Nodes;
using SignalRPub.Redis.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SignalRPub.Redis.Tests;

/// <summary>The <see cref="GatewayNode"/> fixture runs the real server executable with the test's settings, alone or as a cluster.</summary>
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

    [Fact]
    public async Task Witnesses_OnANode_RawJsonAndMessagePackClientsReceiveAPublishThroughIt()
    {
        await using var node = await GatewayNode.LaunchAsync(o => o.Name = "watched", output);
        await using var witnesses = await Witnesses.ConnectAsync(node);

        await witnesses.AssertEachReceivesAsync(node);
    }

    [Fact]
    public async Task LaunchCluster_TwoNodesOnOneRedis_EachRunsInItsOwnProcessOnItsOwnPorts()
    {
        await using var redis = await RedisServer.LaunchAsync(output);

        await using var cluster = await GatewayCluster.LaunchAsync(redis, count: 2, output);

        Assert.Equal(["a", "b"], cluster.Select(n => n.Name));
        Assert.Equal(4, cluster.SelectMany(n => new[] { n.BaseUri.Port, n.AdminUri.Port }).Distinct().Count());
        Assert.NotEqual(cluster[0].ProcessId, cluster[1].ProcessId);
        foreach (var node in cluster)
        {
            (await node.SendAsync(HttpMethod.Get, "/healthz", null)).AssertStatus(200);
        }
    }

    [Fact]
    public async Task Launch_NodeThatCannotStart_FailsAtOnceWithItsLog()
    {
        var failed = await Assert.ThrowsAsync<InvalidOperationException>(
            () => GatewayNode.LaunchAsync(o => (o.Name, o.TokenSecret) = ("misconfigured", "too-short"), output));

        Assert.Contains("exited before node misconfigured", failed.Message, StringComparison.Ordinal);
        Assert.Contains("SignalRPub:Security:TokenSecret must be at least 32 characters.", failed.Message, StringComparison.Ordinal);
    }
}
