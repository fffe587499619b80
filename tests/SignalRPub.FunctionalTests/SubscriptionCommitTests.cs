using Microsoft.Extensions.DependencyInjection;
using SignalRPub.Connections;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>
/// Issue 10, the seams: a subscription change is made whole or not at all, and a connection that ends while one of
/// its actions is in flight is never counted again afterwards (the commit and the disconnect share one lock).
/// </summary>
public sealed class SubscriptionCommitTests
{
    [Fact]
    public async Task HttpAction_SocketClosesWhileUpstreamDecides_ChangesNothingAndLeavesNoCount()
    {
        var decide = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var forwarder = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(forwarder));
        var stats = gateway.Services.GetRequiredService<GatewayStats>();
        var registry = gateway.Services.GetRequiredService<ConnectionRegistry>();
        var client = await gateway.ConnectRegisteredAsync();
        forwarder.AnswerWith(async (request, cancellationToken) =>
        {
            // Not cancelled by the socket closing: an HTTP action belongs to its HTTP caller.
            await decide.Task.WaitAsync(TestTimeouts.Default, CancellationToken.None);
            return FakeForwarder.Json(200, "{}");
        });

        var action = gateway.PostAsync(SeedUris.SubAdd, """{"topics":["late"]}""", client.Authorization);
        await Poll.UntilAsync(() => forwarder.RequestsFor("sub_add").Count == 1, "the action to reach the upstream");
        await client.DisposeAsync();
        await Poll.UntilAsync(() => registry.Find(client.ConnectionId) is null, "the connection to end");
        decide.SetResult();
        var answer = await action;

        answer.AssertError(503, "unavailable");
        Assert.Equal(0, stats.SubscribersOf("late"));
        Assert.Equal(0, stats.TopicCount);
    }
}
