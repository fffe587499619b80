using System.Text.Json;
using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>PROTOCOL.md §4: the batch frame of a raw client that asked for it — order, responses, the size cap.</summary>
public sealed class PushBatchFrameTests
{
    private const string Topic = "hq_batch";

    [Fact]
    public async Task Burst_BatchedClient_EveryPushOnceInOrder()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await BatchedClientAsync(gateway);

        await PushBursts.PublishAsync(gateway, Topic, 0, 2000);
        await PushBursts.ExpectAsync(client, Topic, 0, 2000);
        await PushBursts.UntilBatchedAsync(gateway, Topic, client, [client], first: 2000);

        Assert.Empty(client.DrainPushes());
        Assert.Empty(client.Unexpected);
        Assert.All(PushBursts.Batches(client), b => Assert.True(PushBursts.Count(b) >= 2, $"A batch frame of fewer than 2 pushes: {b.GetRawText()}"));
    }

    [Fact]
    public async Task Burst_BatchFrame_CarriesThePushFramesByteForByte()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await BatchedClientAsync(gateway);

        await PushBursts.UntilBatchedAsync(gateway, Topic, client, [client]);

        var batch = PushBursts.Batches(client).First();
        var text = batch.GetRawText();
        var inner = string.Join(',', batch.GetProperty("frames").EnumerateArray().Select(f => f.GetRawText()));
        Assert.Equal($$"""{"type":"batch","frames":[{{inner}}]}""", text);
        Assert.All(batch.GetProperty("frames").EnumerateArray(), f => Assert.StartsWith("""{"type":"push","topic":"hq_batch","data":{"n":""", f.GetRawText(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Requests_BetweenBursts_ResponsesAloneAndInOrder()
    {
        const int Rounds = 20;
        const int Burst = 50;
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await BatchedClientAsync(gateway);

        for (var round = 0; round < Rounds; round++)
        {
            await PushBursts.PublishAsync(gateway, Topic, round * Burst, Burst);
            await client.SendFrameAsync(SeedUris.SubAdd, Frames.Topics(Topic), $"r{round}");
        }

        await PushBursts.PublishAsync(gateway, Topic, Rounds * Burst, Burst);
        await PushBursts.ExpectAsync(client, Topic, 0, (Rounds + 1) * Burst);
        for (var round = 0; round < Rounds; round++)
        {
            var response = await client.NextResponseAsync();
            Assert.Equal($"r{round}", JsonAssert.Property(response, "msgId").GetString());
        }

        // Pushes published before a request was sent were written before its answer, so they arrive before it.
        var seen = -1;
        foreach (var frame in client.Received)
        {
            switch (frame.GetProperty("type").GetString())
            {
                case "response" when frame.GetProperty("msgId").GetString()!.StartsWith('r'):
                    var round = int.Parse(frame.GetProperty("msgId").GetString()![1..], System.Globalization.CultureInfo.InvariantCulture);
                    Assert.True(seen >= (round + 1) * Burst - 1, $"The answer to r{round} arrived after only {seen + 1} pushes.");
                    break;
                case "push":
                    seen = N(frame);
                    break;
                case "batch":
                    seen = N(frame.GetProperty("frames").EnumerateArray().Last());
                    break;
            }
        }

        Assert.Empty(client.Unexpected);
    }

    [Fact]
    public async Task Burst_SmallCap_NoBatchOverItAndABiggerPushAlone()
    {
        const int Cap = 400;
        await using var gateway = await TestGateway.StartAsync(o => o.Limits["MaxPushBatchBytes"] = Cap);
        await using var client = await BatchedClientAsync(gateway);

        var next = await PushBursts.UntilBatchedAsync(gateway, Topic, client, [client]);
        await PushBursts.PublishAsync(gateway, Topic, next, 1, padding: Cap);
        await PushBursts.ExpectAsync(client, Topic, next, 1);

        Assert.All(PushBursts.Batches(client), b => Assert.InRange(PushBursts.Bytes(b), 0, Cap));
        var big = client.Received[^1];
        Assert.Equal("push", big.GetProperty("type").GetString());
        Assert.Equal(next, N(big));
    }

    [Fact]
    public async Task Burst_SmallCap_BurstSplitIntoSeveralBatches()
    {
        // Each push is about 60 bytes: at most 4 fit a 300-byte batch.
        await using var gateway = await TestGateway.StartAsync(o => o.Limits["MaxPushBatchBytes"] = 300);
        await using var client = await BatchedClientAsync(gateway);

        await PushBursts.UntilBatchedAsync(gateway, Topic, client, [client], padding: 10, wanted: _ => PushBursts.Batches(client).Count(b => PushBursts.Count(b) >= 2) >= 2);

        Assert.All(PushBursts.Batches(client), b => Assert.InRange(PushBursts.Bytes(b), 0, 300));
        Assert.All(PushBursts.Batches(client), b => Assert.InRange(PushBursts.Count(b), 2, 4));
    }

    [Theory]
    [InlineData(125, 40)]
    [InlineData(65_535, 40_000)]
    public async Task Burst_BatchOverALengthBoundary_ArrivesWhole(int boundary, int padding)
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Limits["MaxPushBatchBytes"] = 1 << 20);
        await using var client = await BatchedClientAsync(gateway);

        await PushBursts.UntilBatchedAsync(gateway, Topic, client, [client], burst: 20, padding: padding, wanted: b => PushBursts.Bytes(b) > boundary);

        Assert.Empty(client.Unexpected);
    }

    [Fact]
    public async Task Burst_BatchedAndPlainClientsOnOneTopic_SamePushesPlainOnesUnbatched()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var batched = await BatchedClientAsync(gateway);
        await using var plain = await gateway.ConnectRegisteredAsync();
        await plain.SubscribeAsync(Topic);

        await PushBursts.UntilBatchedAsync(gateway, Topic, batched, [batched, plain]);

        Assert.Empty(PushBursts.Batches(plain));
        Assert.All(plain.Received.Skip(2), f => Assert.Equal("push", f.GetProperty("type").GetString()));
    }

    private static async Task<RawClient> BatchedClientAsync(TestGateway gateway)
    {
        var client = await gateway.ConnectAsync();
        try
        {
            var response = await client.RegisterAsync(extraHeader: new JsonObject { ["pushBatch"] = true });
            Assert.True(JsonAssert.Property(Frames.Body(response), "pushBatch").GetBoolean());
            await client.SubscribeAsync(Topic);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    private static int N(JsonElement push) => push.GetProperty("data").GetProperty("n").GetInt32();
}
