using System.Text.Json.Nodes;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>
/// Bystanders of a test that attacks the gateway: a raw client, a JSON hub client and a MessagePack hub client, all
/// registered. Whatever the test sent, each must still be connected and receive the next publish to <c>$all</c>.
/// </summary>
internal sealed class Witnesses : IAsyncDisposable
{
    private readonly RawClient _raw;
    private readonly HubClient _json;
    private readonly HubClient _messagePack;
    private int _round;

    private Witnesses(RawClient raw, HubClient json, HubClient messagePack)
    {
        _raw = raw;
        _json = json;
        _messagePack = messagePack;
    }

    public static async Task<Witnesses> ConnectAsync(IGatewayUnderTest gateway)
    {
        var raw = await gateway.ConnectRegisteredAsync();
        var json = await gateway.ConnectHubAsync(HubProtocolKind.Json);
        await json.RegisterAsync();
        var messagePack = await gateway.ConnectHubAsync(HubProtocolKind.MessagePack);
        await messagePack.RegisterAsync();
        return new Witnesses(raw, json, messagePack);
    }

    /// <summary>
    /// Publishes a fresh value to <c>$all</c> through <paramref name="gateway"/> (in a cluster, any node) and asserts
    /// that each witness receives it next, with nothing before it (whatever a test sent may not reach them either).
    /// </summary>
    public async Task AssertEachReceivesAsync(IGatewayUnderTest gateway)
    {
        var data = new JsonObject { ["witness"] = ++_round };
        await gateway.PublishAsync("$all", data);
        var expected = data.ToJsonString();
        Frames.AssertPush(await _raw.NextPushAsync(), "$all", expected);
        JsonAssert.Equal($$"""{"topic":"$all","data":{{expected}}}""", await _json.NextPushAsync());
        JsonAssert.Equal($$"""{"topic":"$all","data":{{expected}}}""", await _messagePack.NextPushAsync());
        Assert.Empty(_raw.Unexpected);
    }

    public async ValueTask DisposeAsync()
    {
        await _raw.DisposeAsync();
        await _json.DisposeAsync();
        await _messagePack.DisposeAsync();
    }
}
