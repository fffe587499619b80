using SignalRPub.Connections;

namespace SignalRPub.Tests.Connections;

public class FrameRateLimiterTests
{
    [Fact]
    public void Take_WithinTheBurst_AcceptsEveryFrame()
    {
        // One frame a second: nothing refills while the test runs through a handful.
        var limiter = new FrameRateLimiter(framesPerSecond: 1, burst: 5);

        Assert.All(Enumerable.Range(0, 5), _ => Assert.Equal(FrameVerdict.Accepted, limiter.Take()));
    }

    [Fact]
    public void Take_PastTheBurst_RefusesAsManyAgainThenReportsFlooding()
    {
        var limiter = new FrameRateLimiter(framesPerSecond: 1, burst: 3);
        for (var i = 0; i < 3; i++)
        {
            limiter.Take();
        }

        var verdicts = Enumerable.Range(0, 4).Select(_ => limiter.Take()).ToList();

        // A refill of one frame may land in between on a slow machine; past it, flooding is certain.
        Assert.Equal(FrameVerdict.Flooding, verdicts[^1]);
        Assert.DoesNotContain(FrameVerdict.Flooding, verdicts.Take(2));
    }
}
