using System.Net.WebSockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using SignalRPub.Connections;

namespace SignalRPub.Tests.Connections;

public class ConnectionSweeperTests
{
    private static readonly TimeSpan s_registerTimeout = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new();
    private readonly FrameBufferPool _buffers = new();
    private readonly ConnectionRegistry _registry = new();
    private readonly ConnectionSweeper _sweeper;

    public ConnectionSweeperTests()
    {
        _sweeper = new ConnectionSweeper(_registry, Options.Create(new SignalRPubOptions()), _buffers, _time, Microsoft.Extensions.Logging.Abstractions.NullLogger<ConnectionSweeper>.Instance);
    }

    [Fact]
    public void Tick_EveryTenth_TrimsTheBufferPool()
    {
        var blocks = Enumerable.Range(0, 8).Select(_ => _buffers.Rent()).ToList();
        blocks.ForEach(b => b.Dispose());

        for (var tick = 1; tick <= 19; tick++)
        {
            _sweeper.Tick(tick, s_registerTimeout, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(15));
        }

        var beforeSecondTrim = _buffers.Retained;
        _sweeper.Tick(20, s_registerTimeout, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(15));

        Assert.Equal(8, beforeSecondTrim); // the trim at tick 10 only starts the period
        Assert.Equal(4, _buffers.Retained); // the one at tick 20 gives back half of the blocks unused since
    }

    [Fact]
    public void Sweep_UnregisteredPastTimeout_ClosesWithPolicyViolation()
    {
        var closer = Add("c1", registered: false);
        _time.Advance(s_registerTimeout);

        _sweeper.Sweep(s_registerTimeout, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(15));

        closer.Verify(c => c.Close(WebSocketCloseStatus.PolicyViolation, ConnectionSweeper.RegisterTimeoutReason), Times.Once());
    }

    [Fact]
    public void Sweep_UnregisteredWithinTimeout_LeavesOpen()
    {
        var closer = Add("c1", registered: false);
        _time.Advance(s_registerTimeout - TimeSpan.FromMilliseconds(1));

        _sweeper.Sweep(s_registerTimeout, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(15));

        closer.VerifyNoOtherCalls();
    }

    [Fact]
    public void Sweep_RegisteredPastTimeout_LeavesOpen()
    {
        var closer = Add("c1", registered: true);
        _time.Advance(TimeSpan.FromHours(1));

        _sweeper.Sweep(s_registerTimeout, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(15));

        closer.VerifyNoOtherCalls();
    }

    [Fact]
    public void Sweep_StuckSend_TripsTheGuard()
    {
        var guard = new OutboundGuard(1000, TimeSpan.FromSeconds(10), _time, _ => { });
        var closer = new Mock<IConnectionCloser>();
        guard.Closer = closer.Object;
        var state = new ConnectionState("c1", "1", isRaw: true, null, closer.Object, _time.GetTimestamp()) { Guard = guard };
        state.MarkRegistered(null);
        _registry.Add(state);
        guard.SendStarted();
        _time.Advance(TimeSpan.FromSeconds(11));

        _sweeper.Sweep(s_registerTimeout, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(15));

        Assert.True(guard.IsTripped);
        closer.Verify(c => c.Close(WebSocketCloseStatus.PolicyViolation, OutboundGuard.SlowConsumerReason), Times.Once());
    }

    [Theory]
    [InlineData(14, 14, true)] // the next pass, a second later, would find it silent and unpinged for 15 s
    [InlineData(13, 60, false)] // heard from 13 s ago: two more passes before a ping is due
    [InlineData(30, 5, false)] // still silent, but pinged 5 s ago: its pong has time to come
    [InlineData(30, 14, true)] // still silent and pinged 14 s ago: ping again
    public void Sweep_SilentRawSocket_PingsOncePerKeepAliveInterval(int idleSeconds, int sincePingSeconds, bool pinged)
    {
        var idle = AddIdle(TimeSpan.FromSeconds(idleSeconds), TimeSpan.FromSeconds(sincePingSeconds));

        _sweeper.Sweep(s_registerTimeout, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(15));

        idle.Verify(i => i.Ping(), pinged ? Times.Once() : Times.Never());
        idle.Verify(i => i.AbortIdle(), Times.Never());
    }

    [Fact]
    public void Sweep_SilentPastIdleTimeout_DropsWithoutPinging()
    {
        var idle = AddIdle(TimeSpan.FromSeconds(61), TimeSpan.FromSeconds(61));

        _sweeper.Sweep(s_registerTimeout, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(15));

        idle.Verify(i => i.AbortIdle(), Times.Once());
        idle.Verify(i => i.Ping(), Times.Never());
    }

    [Fact]
    public void Sweep_SilentExactlyIdleTimeout_IsKept()
    {
        var idle = AddIdle(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1));

        _sweeper.Sweep(s_registerTimeout, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(15));

        idle.Verify(i => i.AbortIdle(), Times.Never());
    }

    private Mock<IIdleTracker> AddIdle(TimeSpan idleFor, TimeSpan sincePing)
    {
        var idle = new Mock<IIdleTracker>();
        idle.SetupGet(i => i.IdleFor).Returns(idleFor);
        idle.SetupGet(i => i.SincePing).Returns(sincePing);
        var state = new ConnectionState("c1", "1", isRaw: true, null, Mock.Of<IConnectionCloser>(), _time.GetTimestamp()) { Idle = idle.Object };
        state.MarkRegistered(null);
        _registry.Add(state);
        return idle;
    }

    private Mock<IConnectionCloser> Add(string id, bool registered)
    {
        var closer = new Mock<IConnectionCloser>();
        var state = new ConnectionState(id, "1", isRaw: true, null, closer.Object, _time.GetTimestamp());
        if (registered)
        {
            state.MarkRegistered(null);
        }

        _registry.Add(state);
        return closer;
    }
}
