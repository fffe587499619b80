using System.Text.Json;
using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>PROTOCOL.md §4 and §5: many actions in flight on one connection while the upstream answers at random speeds.</summary>
public sealed class UpstreamPipeliningTests
{
    [Fact]
    public async Task Actions_TwentyPipelinedWithRandomlySlowUpstream_AnsweredInOrderWithConsistentTopics()
    {
        await using var upstream = await FakeUpstream.StartAsync("jittery", async call =>
        {
            await Task.Delay(Random.Shared.Next(0, 25), call.Aborted);
            return UpstreamReply.Ok();
        });
        var shared = UpstreamRoutes.RoundRobin(upstream.Node());
        await using var gateway = await TestGateway.StartAsync(o => o.Routes = UpstreamRoutes.Seed(subAdd: shared, subPut: shared, subDelete: shared));
        await using var client = await gateway.ConnectRegisteredAsync();

        var steps = Enumerable.Range(1, 20).Select(Step).ToList();
        foreach (var (i, uri, topics, _) in steps)
        {
            await client.SendFrameAsync(uri, Frames.Topics(topics), JsonValue.Create(i));
        }

        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (i, _, topics, apply) in steps)
        {
            apply(expected, topics);
            var response = await client.NextResponseAsync();
            Assert.Equal(JsonValueKind.Number, JsonAssert.Property(response, "msgId").ValueKind);
            Assert.Equal(i, response.GetProperty("msgId").GetInt32());
            Assert.Equal(expected, Frames.Topics(response));
        }

        Assert.Equal(expected, await client.CurrentTopicsAsync());
        Assert.Equal(21, upstream.Calls.Count);
    }

    private static (int I, string Uri, string[] Topics, Action<SortedSet<string>, string[]> Apply) Step(int i) => (i % 7, i % 3) switch
    {
        (0, _) => (i, SeedUris.SubPut, [$"t{i}", $"t{i - 1}"], static (set, topics) =>
        {
            set.Clear();
            set.UnionWith(topics);
        }),
        (_, 0) => (i, SeedUris.SubDelete, [$"t{i - 1}", $"t{i - 2}"], static (set, topics) => set.ExceptWith(topics)),
        _ => (i, SeedUris.SubAdd, [$"t{i}", $"t{i + 1}"], static (set, topics) => set.UnionWith(topics)),
    };
}
