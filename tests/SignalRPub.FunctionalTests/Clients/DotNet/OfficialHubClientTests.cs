using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Clients.DotNet;

/// <summary>
/// docs/protocol.md §7's C# example, written as the document writes it (the official HubConnectionBuilder, anonymous
/// frames), so the official client keeps working exactly as documented. HubTests cover the hub through the shared
/// HubClient helper; this follows the document's own code.
/// </summary>
public sealed class OfficialHubClientTests
{
    [Fact]
    public async Task DocumentedExample_JsonProtocol_RegistersSubscribesAndReceivesPush()
    {
        await using var gateway = await TestGateway.StartAsync();
        var pushes = Channel.CreateUnbounded<JsonElement>();

        var connection = new HubConnectionBuilder().WithUrl(gateway.HubUri()).Build();
        await using var _ = connection;
        connection.On<JsonElement>("push", push => pushes.Writer.TryWrite(push));
        await connection.StartAsync();

        var register = await connection.InvokeAsync<JsonElement>("Request", new
        {
            uri = "/60101/ormp/session/channelRegister",
            header = new { msgId = "1" },
            body = new { },
        });
        var subscribe = await connection.InvokeAsync<JsonElement>("Request", new
        {
            uri = "/60150/ormp/subscribe/accountSubscribe",
            header = new { msgId = "2" },
            body = new { topics = new[] { "hq_100001_129" } },
        });
        await gateway.PublishAsync("hq_100001_129", JsonSerializer.SerializeToNode(new { last = 12.34 }));

        Assert.Equal(200, register.GetProperty("status").GetInt32());
        Assert.Equal("1", register.GetProperty("msgId").GetString());
        Assert.Equal("response", register.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(register.GetProperty("body").GetProperty("connectionId").GetString()));
        Assert.False(string.IsNullOrEmpty(register.GetProperty("body").GetProperty("connectionToken").GetString()));
        JsonAssert.Equal("""{"type":"response","msgId":"2","status":200,"body":{"topics":["hq_100001_129"],"upstream":null}}""", subscribe);
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        JsonAssert.Equal("""{"topic":"hq_100001_129","data":{"last":12.34}}""", await pushes.Reader.ReadAsync(timeout.Token));
    }

    [Fact]
    public async Task DocumentedExample_MessagePackProtocol_RegistersSubscribesAndReceivesPush()
    {
        await using var gateway = await TestGateway.StartAsync();
        var pushes = Channel.CreateUnbounded<Dictionary<object, object?>>();

        var connection = new HubConnectionBuilder().WithUrl(gateway.HubUri()).AddMessagePackProtocol().Build();
        await using var _ = connection;
        connection.On<Dictionary<object, object?>>("push", push => pushes.Writer.TryWrite(push));
        await connection.StartAsync();

        var register = await connection.InvokeAsync<Dictionary<object, object?>>("Request", new
        {
            uri = "/60101/ormp/session/channelRegister",
            header = new { msgId = "1" },
            body = new { },
        });
        var subscribe = await connection.InvokeAsync<Dictionary<object, object?>>("Request", new
        {
            uri = "/60150/ormp/subscribe/accountSubscribe",
            header = new { msgId = "2" },
            body = new { topics = new[] { "hq_100001_129" } },
        });
        await gateway.PublishAsync("hq_100001_129", JsonSerializer.SerializeToNode(new { last = 12.34 }));

        Assert.Equal(200, Convert.ToInt32(register["status"]));
        Assert.Equal("1", register["msgId"]);
        var registered = Assert.IsType<Dictionary<object, object?>>(register["body"]);
        Assert.False(string.IsNullOrEmpty(registered["connectionId"] as string));
        Assert.Equal(200, Convert.ToInt32(subscribe["status"]));
        var subscribed = Assert.IsType<Dictionary<object, object?>>(subscribe["body"]);
        Assert.Equal(["hq_100001_129"], Assert.IsType<object[]>(subscribed["topics"]));
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        var push = await pushes.Reader.ReadAsync(timeout.Token);
        Assert.Equal("hq_100001_129", push["topic"]);
        Assert.Equal(12.34, Convert.ToDouble(Assert.IsType<Dictionary<object, object?>>(push["data"])["last"]));
    }
}
