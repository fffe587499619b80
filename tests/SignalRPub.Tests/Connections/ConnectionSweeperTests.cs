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
            _sweeper.Tick(tick, s_registerTimeout, TimeSpan.FromMinutes(1));
        }

        var beforeSecondTrim = _buffers.Retained;
        _sweeper.Tick(20, s_registerTimeout, TimeSpan.FromMinutes(1));

        Assert.Equal(8, beforeSecondTrim); // the trim at tick 10 only starts the period
        Assert.Equal(4, _buffers.Retained); // the one at tick 20 gives back half of the blocks unused since
    }

    [Fact]
    public void Sweep_UnregisteredPastTimeout_ClosesWithPolicyViolation()
    {
        var closer = Add("c1", registered: false);
        _time.Advance(s_registerTimeout);

        _sweeper.Sweep(s_registerTimeout, TimeSpan.FromMinutes(1));

        closer.Verify(c => c.Close(WebSocketCloseStatus.PolicyViolation, ConnectionSweeper.RegisterTimeoutReason), Times.Once());
    }

    [Fact]
    public void Sweep_UnregisteredWithinTimeout_LeavesOpen()
    {
        var closer = Add("c1", registered: false);
        _time.Advance(s_registerTimeout - TimeSpan.FromMilliseconds(1));

        _sweeper.Sweep(s_registerTimeout, TimeSpan.FromMinutes(1));

        closer.VerifyNoOtherCalls();
    }

    [Fact]
    public void Sweep_RegisteredPastTimeout_LeavesOpen()
    {
        var closer = Add("c1", registered: true);
        _time.Advance(TimeSpan.FromHours(1));

        _sweeper.Sweep(s_registerTimeout, TimeSpan.FromMinutes(1));

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

        _sweeper.Sweep(s_registerTimeout, TimeSpan.FromMinutes(1));

        Assert.True(guard.IsTripped);
        closer.Verify(c => c.Close(WebSocketCloseStatus.PolicyViolation, OutboundGuard.SlowConsumerReason), Times.Once());
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
