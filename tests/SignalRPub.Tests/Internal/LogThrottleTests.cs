using SignalRPub.Connections;
using SignalRPub.Internal;

namespace SignalRPub.Tests.Internal;

public class LogThrottleTests
{
    [Fact]
    public void TryEnter_FirstLine_IsLetThrough()
    {
        Assert.True(new LogThrottle(TimeSpan.FromMinutes(1)).TryEnter(out var suppressed));
        Assert.Equal(0, suppressed);
    }

    [Fact]
    public void TryEnter_WithinThePeriod_HoldsBackEveryLaterLine()
    {
        var throttle = new LogThrottle(TimeSpan.FromMinutes(1));
        throttle.TryEnter(out _);

        Assert.All(Enumerable.Range(0, 100), _ => Assert.False(throttle.TryEnter(out _)));
    }
}
