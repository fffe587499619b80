using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Fuzzing;

/// <summary>
/// A bystander through a fuzz run: a raw client, registered and subscribed to a topic of its own, that must keep
/// receiving whatever the fuzzed inputs do to the gateway. <see cref="AssertServedAsync"/> publishes a numbered message
/// to its topic and waits for exactly that push.
/// </summary>
internal sealed class FuzzWitness : IAsyncDisposable
{
    public const string Topic = "fuzz-witness";

    private readonly TestGateway _gateway;
    private readonly RawClient _client;
    private int _published;

    private FuzzWitness(TestGateway gateway, RawClient client)
    {
        _gateway = gateway;
        _client = client;
    }

    /// <summary>The witness's connection id, for fuzzed publishes to <c>$conn:</c>.</summary>
    public string ConnectionId => _client.ConnectionId;

    /// <summary>Connects on the seed's entry, registers and subscribes through the seed's register and sub_add routes.</summary>
    public static async Task<FuzzWitness> ConnectAsync(TestGateway gateway)
    {
        var client = await gateway.ConnectRegisteredAsync();
        try
        {
            Assert.Equal([Topic], await client.SubscribeAsync(Topic));
            var witness = new FuzzWitness(gateway, client);
            await witness.AssertServedAsync();
            return witness;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Publishes the next numbered message to <see cref="Topic"/> and waits until the witness has it.</summary>
    public async Task AssertServedAsync()
    {
        var number = ++_published;
        await _gateway.PublishAsync(Topic, new JsonObject { ["witness"] = number });

        // Pushes that other inputs caused (a fuzzed publish to $all) may come first; only the numbered one counts.
        var waited = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_client.IsClosed, "The witness connection was closed.");
            var left = TestTimeouts.Default - waited.Elapsed;
            Assert.True(left > TimeSpan.Zero, $"The witness did not get message {number} within {TestTimeouts.Default.TotalSeconds} s.");
            var push = await _client.NextPushAsync(left);
            if (push.TryGetProperty("topic", out var topic) && topic.GetString() == Topic &&
                push.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object &&
                data.TryGetProperty("witness", out var received) && received.ValueKind == JsonValueKind.Number && received.GetInt32() == number)
            {
                return;
            }
        }
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
