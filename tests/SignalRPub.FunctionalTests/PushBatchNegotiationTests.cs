using System.Text.Json;
using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;
using SignalRPub.Upstreams;

namespace SignalRPub.FunctionalTests;

/// <summary>PROTOCOL.md §3: a raw client asks for batch frames in its <c>register</c> header; each register sets the mode.</summary>
public sealed class PushBatchNegotiationTests
{
    private const string Topic = "hq_batch";

    [Theory]
    [InlineData("true")]
    [InlineData("\"true\"")]
    [InlineData("\"1\"")]
    public async Task Register_PushBatchHeader_BodySaysPushBatchAndPushesArriveBatched(string value)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectAsync();

        var response = await client.RegisterAsync(extraHeader: Header(value));
        await client.SubscribeAsync(Topic);

        Assert.True(JsonAssert.Property(Frames.Body(response), "pushBatch").GetBoolean());
        await PushBursts.UntilBatchedAsync(gateway, Topic, client, [client]);
        Assert.Empty(client.Unexpected);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("\"false\"")]
    [InlineData("\"yes\"")]
    [InlineData("0")]
    [InlineData("null")]
    [InlineData("{}")]
    public async Task Register_OtherPushBatchValue_BodySilentAndPushesPlain(string value)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectAsync();
        await using var batched = await gateway.ConnectAsync();

        var response = await client.RegisterAsync(extraHeader: Header(value));
        await batched.RegisterAsync(extraHeader: Header("true"));
        await client.SubscribeAsync(Topic);
        await batched.SubscribeAsync(Topic);

        Assert.False(Frames.Body(response).TryGetProperty("pushBatch", out _));
        await PushBursts.UntilBatchedAsync(gateway, Topic, batched, [batched, client]);
        Assert.Empty(PushBursts.Batches(client));
    }

    [Fact]
    public async Task Register_NoPushBatchHeader_BodyAsBefore()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectAsync();

        var response = await client.RegisterAsync();

        var body = Frames.Body(response);
        Assert.Equal(["connectionId", "connectionToken", "upstream"], body.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Register_AgainWithoutHeader_TurnsBatchesOff()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectAsync();
        await using var batched = await gateway.ConnectAsync();
        await client.RegisterAsync(extraHeader: Header("true"));
        await batched.RegisterAsync(extraHeader: Header("true"));
        await client.SubscribeAsync(Topic);
        await batched.SubscribeAsync(Topic);
        var next = await PushBursts.UntilBatchedAsync(gateway, Topic, client, [client, batched]);
        var batchesBefore = PushBursts.Batches(client).Count;

        var response = await client.RegisterAsync();
        var afterRegister = PushBursts.Batches(batched).Count;
        await PushBursts.UntilBatchedAsync(gateway, Topic, batched, [client, batched], next, wanted: _ => PushBursts.Batches(batched).Count > afterRegister);

        Assert.False(Frames.Body(response).TryGetProperty("pushBatch", out _));
        Assert.Equal(batchesBefore, PushBursts.Batches(client).Count);
    }

    [Fact]
    public async Task Register_AgainWithHeader_TurnsBatchesOn()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync(Topic);

        var response = await client.RegisterAsync(extraHeader: Header("true"));

        Assert.True(JsonAssert.Property(Frames.Body(response), "pushBatch").GetBoolean());
        await PushBursts.UntilBatchedAsync(gateway, Topic, client, [client]);
    }

    [Fact]
    public async Task Register_RefusedWithoutHeader_KeepsBatches()
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectAsync();
        await client.RegisterAsync(extraHeader: Header("true"));
        await client.SubscribeAsync(Topic);
        upstream.AnswerWith(r => r.Action == "register" ? FakeForwarder.Json(403, """{"reason":"no"}""") : FakeForwarder.Json(200, "{}"));

        var refused = await client.RequestAsync(SeedUris.Register);
        var batchesBefore = PushBursts.Batches(client).Count;

        Assert.Equal(403, JsonAssert.Property(refused, "status").GetInt32());
        await PushBursts.UntilBatchedAsync(gateway, Topic, client, [client], wanted: _ => PushBursts.Batches(client).Count > batchesBefore);
    }

    [Fact]
    public async Task Register_PushBatchHeader_ForwardedToTheUpstream()
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectAsync();

        await client.RegisterAsync(extraHeader: Header("true"));

        var register = Assert.Single(upstream.RequestsFor("register"));
        Assert.Contains(new KeyValuePair<string, string>("pushBatch", "true"), register.Headers);
    }

    [Fact]
    public async Task Register_HubConnectionWithPushBatchHeader_BodySilentAndPushesAsEver()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var hub = await gateway.ConnectHubAsync(HubProtocolKind.Json);

        var response = await hub.InvokeRequestAsync(new Dictionary<string, object?>
        {
            ["uri"] = SeedUris.Register,
            ["header"] = new Dictionary<string, object?> { ["msgId"] = "r1", ["pushBatch"] = true },
        });
        await hub.RequestAsync(SeedUris.SubAdd, HubClient.Topics(Topic));
        await PushBursts.PublishAsync(gateway, Topic, 0, 50);

        Frames.AssertStatus(response, 200);
        Assert.False(Frames.Body(response).TryGetProperty("pushBatch", out _));
        for (var n = 0; n < 50; n++)
        {
            var push = await hub.NextPushAsync();
            Assert.Equal(n, push.GetProperty("data").GetProperty("n").GetInt32());
        }
    }

    private static JsonObject Header(string value) => new() { ["pushBatch"] = JsonNode.Parse(value) };
}
