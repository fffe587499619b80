using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SignalRPub.Client;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Clients.DotNet;

/// <summary>The examples of clients/dotnet/README.md, as written there (only the addresses and keys are the test gateway's), run against a gateway.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public async Task ReadmeConnectSubscribeRequest_AsWritten_Work()
    {
        await using var gateway = await TestGateway.StartAsync();
        var lines = new List<string>();

        await using var client = new SignalRPubClient(new SignalRPubClientOptions
        {
            Url = gateway.WsUri(),
            Transport = SignalRPubTransport.WebSocket,
        });
        await client.ConnectAsync();
        lines.Add($"{client.ConnectionId} {client.ConnectionToken}");

        IReadOnlySet<string> topics = await client.SubscribeAsync(["hq_100001_129", "hq_100001_123"]);
        topics = await client.ReplaceAsync(["hq_100001_129", "hq_100001_131"]);
        topics = await client.UnsubscribeAsync(["hq_100001_131"]);
        lines.Add(string.Join(",", client.Topics));

        var arrived = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using IDisposable quotes = client.On("hq_100001_129", push =>
            arrived.TrySetResult($"{push.Topic}: {push.Data.GetProperty("last").GetDouble()}"));
        await gateway.PublishAsync("hq_100001_129", JsonNode.Parse("""{"last":12.34}"""));

        SignalRPubResponse response = await client.RequestAsync(
            "/60150/ormp/subscribe/accountSubscribe",
            body: new { topics = new[] { "hq_100001_129" } },
            headers: [new("client-metadata", "{\"app\":\"demo\"}")]);

        SignalRPubException? caught = null;
        try
        {
            await client.SubscribeAsync(["$acct_42"]);
        }
        catch (SignalRPubException e) when (e.Error == "upstream_rejected")
        {
            Assert.Fail($"{e.Status}: the upstream said {e.Upstream}");
        }
        catch (SignalRPubException e)
        {
            caught = e;
        }

        Assert.Equal(["hq_100001_129"], topics);
        Assert.Equal("hq_100001_129", lines[1]);
        Assert.Equal("hq_100001_129: 12.34", await arrived.Task.WaitAsync(TestTimeouts.Default));
        Assert.Equal(200, response.Status);
        Assert.Equal("invalid_topic", caught?.Error);
    }

    [Fact]
    public async Task ReadmeSignalROptions_AsWritten_Connect()
    {
        await using var gateway = await TestGateway.StartAsync();

        await using var client = new SignalRPubClient(new SignalRPubClientOptions
        {
            Url = gateway.HubUri(),
            Transport = SignalRPubTransport.SignalR,
            Protocol = SignalRPubProtocol.MessagePack,
        });
        await client.ConnectAsync();

        Assert.Equal(SignalRPubConnectionState.Connected, client.State);
    }

    [Fact]
    public async Task ReadmePublisherAndAdmin_AsWritten_Work()
    {
        await using var admin = await AdminGateway.StartAsync();
        await admin.PutRoutesAsync(TestRoutes.Seed());
        var gateway = admin.Gateway;

        var services = new ServiceCollection();
        services.AddSignalRPubPublisher(o =>
        {
            o.BaseAddress = gateway.BaseUri;
            o.ApiKey = gateway.PublishKey;
        });
        services.AddSignalRPubAdmin(o =>
        {
            o.BaseAddress = gateway.AdminUri;
            o.ApiKey = AdminGateway.AdminKey;
        });
        await using var provider = services.BuildServiceProvider();
        var publisher = provider.GetRequiredService<ISignalRPubPublisher>();

        int accepted = await publisher.PublishAsync("hq_100001_129", new { last = 12.34 });
        Assert.Equal(1, accepted);
        accepted = await publisher.PublishAsync(["hq_100001_129", "hq_100001_123"], new { last = 12.34 });
        Assert.Equal(2, accepted);
        accepted = await publisher.PublishAsync(
        [
            new PublishMessage("hq_100001_129", 1),
            new PublishMessage(["a", "b"], 2),
        ]);
        Assert.Equal(3, accepted);

        var adminClient = provider.GetRequiredService<ISignalRPubAdmin>();
        await adminClient.PutRouteAsync("16", new
        {
            uri = "/60150/ormp/subscribe/patchSubscribe",
            labels = new { superior_id = "1" },
            plugins = new Dictionary<string, object> { ["ht-msg-sub"] = new { action = "sub_patch" } },
        });
        JsonElement routes = await adminClient.GetRoutesAsync(label: "superior_id:1");
        JsonElement stats = await adminClient.GetStatsAsync();
        JsonElement topic = await adminClient.GetTopicAsync("hq_100001_129");
        JsonElement user = await adminClient.GetUserAsync("alice");
        await adminClient.DeleteRouteAsync("16");

        Assert.Equal(6, routes.GetProperty("total").GetInt32());
        Assert.Equal(0, stats.GetProperty("connections").GetInt32());
        Assert.Equal(0, topic.GetProperty("subscribers").GetInt32());
        Assert.Equal("alice", user.GetProperty("userId").GetString());
        Assert.Equal(5, (await adminClient.GetRoutesAsync(label: "superior_id:1")).GetProperty("total").GetInt32());
    }
}
