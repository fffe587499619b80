using Microsoft.Extensions.Time.Testing;
using SignalRPub.Connections;

namespace SignalRPub.Tests.Connections;

public class FrameRateLimiterTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Take_WithinTheBurst_AcceptsEveryFrame()
    {
        var limiter = new FrameRateLimiter(framesPerSecond: 1, burst: 5, _time);

        Assert.All(Enumerable.Range(0, 5), _ => Assert.Equal(FrameVerdict.Accepted, limiter.Take()));
    }

    [Fact]
    public void Take_PastTheBurst_RefusesAsManyAgainThenReportsFlooding()
    {
        var limiter = new FrameRateLimiter(framesPerSecond: 1, burst: 3, _time);
        TakeMany(limiter, 3);

        var verdicts = TakeMany(limiter, 4);

        Assert.Equal([FrameVerdict.Refused, FrameVerdict.Refused, FrameVerdict.Refused, FrameVerdict.Flooding], verdicts);
    }

    [Fact]
    public void Take_AfterTime_RefillsAtTheRate()
    {
        var limiter = new FrameRateLimiter(framesPerSecond: 10, burst: 5, _time);
        TakeMany(limiter, 5);

        _time.Advance(TimeSpan.FromMilliseconds(250)); // 2.5 frames

        Assert.Equal([FrameVerdict.Accepted, FrameVerdict.Accepted, FrameVerdict.Refused], TakeMany(limiter, 3));
    }

    [Fact]
    public void Take_AfterLongSilence_RefillsNoMoreThanTheBurst()
    {
        var limiter = new FrameRateLimiter(framesPerSecond: 10, burst: 5, _time);
        TakeMany(limiter, 5);

        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal([.. Enumerable.Repeat(FrameVerdict.Accepted, 5), FrameVerdict.Refused], TakeMany(limiter, 6));
    }

    [Fact]
    public void Take_StrikesRefillToo_SoAClientBackUnderTheRateIsNotFlooding()
    {
        var limiter = new FrameRateLimiter(framesPerSecond: 10, burst: 2, _time);
        TakeMany(limiter, 4); // two accepted, two strikes

        _time.Advance(TimeSpan.FromMilliseconds(100)); // one frame and one strike back

        Assert.Equal([FrameVerdict.Accepted, FrameVerdict.Refused, FrameVerdict.Flooding], TakeMany(limiter, 3));
    }

    private static FrameVerdict[] TakeMany(FrameRateLimiter limiter, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => limiter.Take())];
}
