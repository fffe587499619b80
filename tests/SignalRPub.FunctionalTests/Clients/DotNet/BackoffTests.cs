using SignalRPub.Client;
using SignalRPub.Client.Internal;

namespace SignalRPub.FunctionalTests.Clients.DotNet;

public sealed class BackoffTests
{
    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(3, 400)]
    [InlineData(4, 800)]
    [InlineData(5, 1000)]
    [InlineData(40, 1000)]
    public void Delay_WithoutJitter_DoublesUpToMax(int attempt, int expectedMilliseconds)
    {
        var policy = new SignalRPubReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1), Jitter = 0 };

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), Backoff.Delay(policy, attempt));
    }

    [Fact]
    public void Delay_WithJitter_StaysWithinShareAndVaries()
    {
        var policy = new SignalRPubReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(800), MaxDelay = TimeSpan.FromSeconds(1), Jitter = 0.5 };

        var delays = Enumerable.Range(0, 200).Select(_ => Backoff.Delay(policy, 1)).ToArray();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(800)));
        Assert.True(delays.Distinct().Count() > 1, "jitter made every delay the same");
    }
}
