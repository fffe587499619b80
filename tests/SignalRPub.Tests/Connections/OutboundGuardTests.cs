using System.Net.WebSockets;
using Microsoft.Extensions.Time.Testing;
using Moq;
using SignalRPub.Connections;

namespace SignalRPub.Tests.Connections;

public class OutboundGuardTests
{
    private static readonly TimeSpan s_maxStuck = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new();
    private readonly Mock<IConnectionCloser> _closer = new();
    private readonly List<OutboundGuard> _tripped = [];
    private readonly OutboundGuard _guard;

    public OutboundGuardTests()
    {
        _guard = new OutboundGuard(maxPendingBytes: 100, s_maxStuck, _time, _tripped.Add) { Closer = _closer.Object };
    }

    [Fact]
    public void Written_UpToLimit_DoesNotTrip()
    {
        _guard.Written(60);
        _guard.Written(40);

        Assert.Equal(100, _guard.PendingBytes);
        Assert.False(_guard.IsTripped);
        Assert.Empty(_tripped);
        _closer.VerifyNoOtherCalls();
    }

    [Fact]
    public void Written_PastLimit_TripsAndClosesAsSlowConsumer()
    {
        _guard.Written(60);
        _guard.Written(41);

        Assert.True(_guard.IsTripped);
        Assert.Same(_guard, Assert.Single(_tripped));
        _closer.Verify(c => c.Close(WebSocketCloseStatus.PolicyViolation, "slow consumer"), Times.Once());
    }

    [Fact]
    public void Written_PastLimitAgain_TripsOnlyOnce()
    {
        _guard.Written(101);
        _guard.Written(500);
        _time.Advance(TimeSpan.FromMinutes(1));
        _guard.CheckStuck();

        Assert.Single(_tripped);
        _closer.Verify(c => c.Close(It.IsAny<WebSocketCloseStatus>(), It.IsAny<string>()), Times.Once());
    }

    [Fact]
    public void Consumed_BytesLeftBuffer_AreNotPending()
    {
        _guard.Written(90);
        _guard.Consumed(90);
        _guard.Written(90);

        Assert.Equal(90, _guard.PendingBytes);
        Assert.False(_guard.IsTripped);
    }

    [Fact]
    public void Written_WithoutCloser_StillReportsTrip()
    {
        var tripped = 0;
        var guard = new OutboundGuard(10, s_maxStuck, _time, _ => tripped++);

        guard.Written(11);

        Assert.Equal(1, tripped);
        Assert.True(guard.IsTripped);
    }

    [Fact]
    public void CheckStuck_SendStuckPastLimit_Trips()
    {
        _guard.SendStarted();
        _time.Advance(s_maxStuck + TimeSpan.FromMilliseconds(1));

        _guard.CheckStuck();

        Assert.True(_guard.IsTripped);
        Assert.Single(_tripped);
        _closer.Verify(c => c.Close(WebSocketCloseStatus.PolicyViolation, OutboundGuard.SlowConsumerReason), Times.Once());
    }

    [Fact]
    public void CheckStuck_SendStuckExactlyTheLimit_DoesNotTrip()
    {
        _guard.SendStarted();
        _time.Advance(s_maxStuck);

        _guard.CheckStuck();

        Assert.False(_guard.IsTripped);
    }

    [Fact]
    public void CheckStuck_SendCompleted_DoesNotTrip()
    {
        _guard.SendStarted();
        _time.Advance(TimeSpan.FromSeconds(5));
        _guard.SendCompleted();
        _time.Advance(TimeSpan.FromSeconds(60));

        _guard.CheckStuck();

        Assert.False(_guard.IsTripped);
        _closer.VerifyNoOtherCalls();
    }

    [Fact]
    public void CheckStuck_NoSendStarted_DoesNotTrip()
    {
        _time.Advance(TimeSpan.FromHours(1));

        _guard.CheckStuck();

        Assert.False(_guard.IsTripped);
    }

    [Fact]
    public void CheckStuck_NewSendAfterSlowOne_MeasuresFromNewStart()
    {
        _guard.SendStarted();
        _time.Advance(TimeSpan.FromSeconds(9));
        _guard.SendCompleted();
        _guard.SendStarted();
        _time.Advance(TimeSpan.FromSeconds(9));

        _guard.CheckStuck();

        Assert.False(_guard.IsTripped);
    }
}
