using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SignalRPub.FunctionalTests.Infrastructure;
using SignalRPub.Upstreams;

namespace SignalRPub.FunctionalTests;

/// <summary>
/// docs/admin.md: the live state of an upstream (its connection pool, balancer and node health) belongs to the
/// routes that use it. Editing a route keeps every other upstream's state; a state no route uses any more is
/// disposed once its last call has ended, so admin edits never pile up clients and pools.
/// </summary>
public sealed class UpstreamLiveStateTests
{
    [Fact]
    public async Task EditUpstream_OldStateDisposedOnceIdle()
    {
        await using var a = await FakeUpstream.StartAsync("a");
        await using var b = await FakeUpstream.StartAsync("b");
        await using var admin = await AdminGateway.StartAsync();
        await admin.PutRoutesAsync(UpstreamRoutes.Seed(subAdd: UpstreamRoutes.RoundRobin(a.Node())));
        await using var client = await admin.Gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("x");
        var states = admin.Gateway.Services.GetRequiredService<UpstreamStates>();
        var old = Assert.Single(states.Live);

        await admin.PutRouteAsync("12", JsonNode.Parse(AdminRoutes.Action(SeedUris.SubAdd, "sub_add", UpstreamRoutes.RoundRobin(b.Node())))!, 200);

        Assert.True(old.IsDisposed);
        Assert.NotSame(old, Assert.Single(states.Live));
        await client.SubscribeAsync("y");
        Assert.Single(a.Calls);
        Assert.Single(b.Calls);
    }

    [Fact]
    public async Task EditUpstream_CallInFlight_OldStateDisposedWhenTheCallEnds()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var a = await FakeUpstream.StartAsync("a", async call =>
        {
            await release.Task.WaitAsync(call.Aborted);
            return UpstreamReply.Ok();
        });
        await using var b = await FakeUpstream.StartAsync("b");
        await using var admin = await AdminGateway.StartAsync();
        await admin.PutRoutesAsync(UpstreamRoutes.Seed(subAdd: UpstreamRoutes.RoundRobin(a.Node())));
        await using var client = await admin.Gateway.ConnectRegisteredAsync();
        var states = admin.Gateway.Services.GetRequiredService<UpstreamStates>();
        var old = Assert.Single(states.Live);
        await client.SendFrameAsync(SeedUris.SubAdd, Frames.Topics("x"));
        await a.CallAsync(1);

        await admin.PutRouteAsync("12", JsonNode.Parse(AdminRoutes.Action(SeedUris.SubAdd, "sub_add", UpstreamRoutes.RoundRobin(b.Node())))!, 200);

        Assert.False(old.IsDisposed, "The call in flight still uses the old upstream.");
        Assert.NotSame(old, Assert.Single(states.Live));
        release.SetResult();
        Assert.Equal(["x"], Frames.Topics(await client.NextResponseAsync()));
        Assert.True(old.IsDisposed);
    }

    [Fact]
    public async Task DeleteRoute_CallInFlight_CallCompletesThenStateDisposed()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var a = await FakeUpstream.StartAsync("a", async call =>
        {
            await release.Task.WaitAsync(call.Aborted);
            return UpstreamReply.Ok();
        });
        await using var admin = await AdminGateway.StartAsync();
        await admin.PutRoutesAsync(UpstreamRoutes.Seed(subAdd: UpstreamRoutes.RoundRobin(a.Node())));
        await using var client = await admin.Gateway.ConnectRegisteredAsync();
        var states = admin.Gateway.Services.GetRequiredService<UpstreamStates>();
        var old = Assert.Single(states.Live);
        await client.SendFrameAsync(SeedUris.SubAdd, Frames.Topics("x"));
        await a.CallAsync(1);

        (await admin.DeleteRouteAsync("12")).AssertStatus(200);

        Assert.Empty(states.Live);
        Assert.False(old.IsDisposed);
        release.SetResult();
        Assert.Equal(["x"], Frames.Topics(await client.NextResponseAsync()));
        Assert.True(old.IsDisposed);
    }

    [Fact]
    public async Task EditOneRoute_OtherRoutesKeepTheirStateAndNodeHealth()
    {
        await using var a = await FakeUpstream.StartAsync("a");
        var shared = UpstreamRoutes.RoundRobin(FakeUpstream.ClosedNode());
        await using var admin = await AdminGateway.StartAsync();
        await admin.PutRoutesAsync(UpstreamRoutes.Seed(subAdd: shared, subPut: shared));
        await using var client = await admin.Gateway.ConnectRegisteredAsync();
        Frames.AssertError(await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("x")), 502, "upstream_unavailable");
        var states = admin.Gateway.Services.GetRequiredService<UpstreamStates>();
        var before = Assert.Single(states.Live);
        Assert.Equal(1, before.Health[0].ConsecutiveFailures);

        await admin.PutRouteAsync("12", JsonNode.Parse(AdminRoutes.Action(SeedUris.SubAdd, "sub_add", UpstreamRoutes.RoundRobin(a.Node())))!, 200);

        // sub_put still uses the closed node's upstream: the same state, with the failure it has seen.
        Assert.Equal(2, states.Live.Count);
        Assert.Contains(before, states.Live);
        Assert.False(before.IsDisposed);
        Assert.Equal(1, before.Health[0].ConsecutiveFailures);
        Assert.Equal(["y"], await client.SubscribeAsync("y"));
    }

    [Fact]
    public async Task EditUpstreamRepeatedly_LiveStatesDoNotGrow()
    {
        await using var a = await FakeUpstream.StartAsync("a");
        await using var admin = await AdminGateway.StartAsync();
        await admin.PutRoutesAsync(UpstreamRoutes.Seed());
        await using var client = await admin.Gateway.ConnectRegisteredAsync();
        var states = admin.Gateway.Services.GetRequiredService<UpstreamStates>();
        var seen = new List<UpstreamState>();

        for (var weight = 1; weight <= 20; weight++)
        {
            await admin.PutRouteAsync("12", JsonNode.Parse(AdminRoutes.Action(SeedUris.SubAdd, "sub_add", UpstreamRoutes.RoundRobin(a.Node(weight))))!, 200);
            await client.SubscribeAsync($"t{weight}");
            seen.Add(Assert.Single(states.Live));
        }

        Assert.Equal(20, seen.Distinct().Count());
        Assert.All(seen[..^1], s => Assert.True(s.IsDisposed));
        Assert.False(seen[^1].IsDisposed);
    }
}
