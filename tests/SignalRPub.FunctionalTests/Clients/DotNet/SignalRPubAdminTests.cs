using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SignalRPub.Client;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Clients.DotNet;

public sealed class SignalRPubAdminTests
{
    [Fact]
    public async Task Routes_PutGetListDelete_RoundTrip()
    {
        await using var admin = await AdminGateway.StartAsync();
        await using var provider = Admin(admin, AdminGateway.AdminKey);
        var client = provider.GetRequiredService<ISignalRPubAdmin>();

        var stored = await client.PutRouteAsync("1", new { uri = "/msg-pub", plugins = new JsonObject { ["ht-ws-msg-pub"] = new JsonObject() } });
        var read = await client.GetRouteAsync("1");
        var list = await client.GetRoutesAsync();
        var deleted = await client.DeleteRouteAsync("1");
        var gone = await Assert.ThrowsAsync<SignalRPubException>(() => client.GetRouteAsync("1"));

        Assert.Equal("/apisix/routes/1", stored.GetProperty("key").GetString());
        Assert.Equal("/msg-pub", read.GetProperty("value").GetProperty("uri").GetString());
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.Equal("1", deleted.GetProperty("deleted").GetString());
        Assert.Equal(404, gone.Status);
        Assert.Null(gone.Error);
        Assert.Contains("route 1 not found", gone.Message);
    }

    [Fact]
    public async Task Routes_InvalidRoute_Throws400WithEveryProblem()
    {
        await using var admin = await AdminGateway.StartAsync();
        await using var provider = Admin(admin, AdminGateway.AdminKey);
        var client = provider.GetRequiredService<ISignalRPubAdmin>();

        var error = await Assert.ThrowsAsync<SignalRPubException>(() => client.PutRouteAsync("20", new { uri = "msg", plugins = new JsonObject { ["ht-msg-sub"] = new JsonObject { ["action"] = "subscribe" } } }));

        Assert.Equal(400, error.Status);
        Assert.Contains("route.uri", error.Message);
        Assert.Contains("action", error.Message);
    }

    [Fact]
    public async Task Admin_WrongKey_Throws401()
    {
        await using var admin = await AdminGateway.StartAsync();
        await using var provider = Admin(admin, "wrong");
        var client = provider.GetRequiredService<ISignalRPubAdmin>();

        var error = await Assert.ThrowsAsync<SignalRPubException>(() => client.GetStatsAsync());

        Assert.Equal(401, error.Status);
        Assert.Contains("failed to check token", error.Message);
    }

    [Fact]
    public async Task Operations_ConnectedClient_StatsConnectionTopicAndUser()
    {
        await using var admin = await AdminGateway.StartAsync();
        await admin.PutRoutesAsync(TestRoutes.Seed());
        await using var provider = Admin(admin, AdminGateway.AdminKey);
        var client = provider.GetRequiredService<ISignalRPubAdmin>();
        var (connection, _) = await Clients.ConnectAsync(admin.Gateway, ClientKind.WebSocket);
        await using var _1 = connection;
        await connection.SubscribeAsync(["quote/sh/600000", "b"]);

        var stats = await client.GetStatsAsync();
        var one = await client.GetConnectionAsync(connection.ConnectionId!);
        var topic = await client.GetTopicAsync("quote/sh/600000");
        var user = await client.GetUserAsync("nobody");
        var missing = await Assert.ThrowsAsync<SignalRPubException>(() => client.GetConnectionAsync("no-such-connection"));

        Assert.Equal(1, stats.GetProperty("registered").GetInt32());
        Assert.Equal(connection.ConnectionId, one.GetProperty("connectionId").GetString());
        JsonAssert.Equal("""["b","quote/sh/600000"]""", one.GetProperty("topics"));
        Assert.Equal(1, topic.GetProperty("subscribers").GetInt32());
        Assert.Equal(0, user.GetProperty("connections").GetArrayLength());
        Assert.Equal(404, missing.Status);
        Assert.Equal("not_found", missing.Error);
    }

    private static ServiceProvider Admin(AdminGateway admin, string key)
    {
        var services = new ServiceCollection();
        services.AddSignalRPubAdmin(o =>
        {
            o.BaseAddress = admin.Gateway.AdminUri;
            o.ApiKey = key;
        });
        return services.BuildServiceProvider();
    }
}
