using System.Text;
using System.Text.Json;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>
/// Bursts of numbered pushes (<c>{"n":…,"pad":"…"}</c>) from the in-process publisher, and what raw clients made of
/// them: every push once and in order, and the batch frames (PROTOCOL.md §4) among what they received.
/// </summary>
internal static class PushBursts
{
    /// <summary>Bursts a test sends at most while waiting for the send loop to find several pushes in one read.</summary>
    public const int MaxBursts = 50;

    /// <summary>Publishes pushes <paramref name="first"/> … <paramref name="first"/> + <paramref name="count"/> − 1 to <paramref name="topic"/>, back to back.</summary>
    public static async Task PublishAsync(TestGateway gateway, string topic, int first, int count, int padding = 0)
    {
        var pad = new string('x', padding);
        for (var n = first; n < first + count; n++)
        {
            await gateway.Publisher.PublishAsync(topic, Encoding.UTF8.GetBytes($$"""{"n":{{n}},"pad":"{{pad}}"}"""));
        }
    }

    /// <summary>Reads the next <paramref name="count"/> pushes of <paramref name="client"/> and asserts they are <paramref name="first"/> on, in order.</summary>
    public static async Task ExpectAsync(RawClient client, string topic, int first, int count)
    {
        for (var n = first; n < first + count; n++)
        {
            var push = await client.NextPushAsync();
            Assert.Equal(topic, JsonAssert.Property(push, "topic").GetString());
            var actual = JsonAssert.Property(JsonAssert.Property(push, "data"), "n").GetInt32();
            Assert.True(actual == n, $"Expected push {n} but got push {actual}.");
        }
    }

    /// <summary>The batch frames among what <paramref name="client"/> received.</summary>
    public static List<JsonElement> Batches(RawClient client) =>
        [.. client.Received.Where(f => f.GetProperty("type").GetString() == "batch")];

    /// <summary>The pushes a batch frame carries.</summary>
    public static int Count(JsonElement batch) => batch.GetProperty("frames").GetArrayLength();

    /// <summary>The payload length of a frame as it arrived, in bytes.</summary>
    public static int Bytes(JsonElement frame) => Encoding.UTF8.GetByteCount(frame.GetRawText());

    /// <summary>
    /// Publishes bursts of <paramref name="burst"/> pushes from <paramref name="first"/> on until <paramref name="watched"/>
    /// has received a batch frame that <paramref name="wanted"/> accepts (at most <see cref="MaxBursts"/> bursts), each
    /// push checked to reach every one of <paramref name="readers"/> once and in order. Returns the next push number.
    /// </summary>
    public static async Task<int> UntilBatchedAsync(
        TestGateway gateway, string topic, RawClient watched, RawClient[] readers, int first = 0, int burst = 100, int padding = 0, Func<JsonElement, bool>? wanted = null)
    {
        wanted ??= b => Count(b) >= 2;
        var next = first;
        for (var round = 0; round < MaxBursts; round++)
        {
            await PublishAsync(gateway, topic, next, burst, padding);
            foreach (var reader in readers)
            {
                await ExpectAsync(reader, topic, next, burst);
            }

            next += burst;
            if (Batches(watched).Any(wanted))
            {
                return next;
            }
        }

        Assert.Fail($"No wanted batch frame arrived in {MaxBursts} bursts of {burst} pushes (batch sizes seen: {string.Join(", ", Batches(watched).Select(Count))}).");
        return next;
    }
}
