using System.Text;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>
/// DESIGN.md "Slow consumers" for <c>/hub</c>: the same outbound guard sits under SignalR's transport, so a SignalR
/// client that stops reading is dropped without holding up the group sends that reach everyone else.
/// </summary>
public sealed class HubSlowConsumerTests
{
    private const string Feed = "feed";
    private const int MessageBytes = 32 * 1024;

    // 12 MiB: well past what the socket buffers of a stalled loopback connection absorb.
    private const int Messages = 384;

    [Fact]
    public async Task HubSlowConsumer_OverMaxPendingBytes_IsDroppedWhileOthersReceiveEveryMessage()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Limits["MaxPendingBytes"] = 65536);
        await using var fast = await gateway.ConnectRegisteredAsync();
        await fast.SubscribeAsync(Feed);
        await using var stalled = await StalledHubSocket.ConnectRegisteredAsync(gateway.HubUri(), Feed);

        for (var seq = 0; seq < Messages; seq++)
        {
            var data = Encoding.UTF8.GetBytes($$"""{"seq":{{seq}},"pad":"{{new string('x', MessageBytes)}}"}""");
            await gateway.Publisher.PublishAsync(Feed, new ReadOnlyMemory<byte>(data)).WaitAsync(TestTimeouts.Default);
            var push = await fast.NextPushAsync();
            Assert.Equal(seq, JsonAssert.Property(JsonAssert.Property(push, "data"), "seq").GetInt32());
        }

        // The stalled connection is gone from the gateway: an action naming it finds no such connection.
        var answer = await Eventually.StatusAsync(
            () => gateway.PostAsync(SeedUris.SubDelete, """{"topics":["probe"]}""", gateway.BackendHeaders(stalled.ConnectionId)),
            404);
        answer.AssertError(404, "not_found");
        Assert.False(fast.IsClosed);
    }
}
