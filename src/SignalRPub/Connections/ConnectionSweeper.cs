using System.Net.WebSockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SignalRPub.Internal;

namespace SignalRPub.Connections;

/// <summary>
/// Once a second: closes connections that did not register in time (1008) and those whose outbound send has
/// been stuck too long (slow consumers), pings raw sockets that have been silent for the keep-alive interval, and
/// drops those that have sent nothing (not even a pong) for the idle timeout. One pass for the whole node instead of
/// a timer per socket. Every ten seconds it also trims the outbound buffer pool, so memory a burst took goes back.
/// </summary>
internal sealed partial class ConnectionSweeper(
    ConnectionRegistry registry,
    IOptions<SignalRPubOptions> options,
    FrameBufferPool buffers,
    TimeProvider time,
    ILogger<ConnectionSweeper> logger) : BackgroundService
{
    public const string RegisterTimeoutReason = "register timeout";

    /// <summary>How often the sweeper passes.</summary>
    internal static readonly TimeSpan Period = TimeSpan.FromSeconds(1);
    private const int TicksPerTrim = 10;

    // A network outage drops many clients in one sweep: one line a second says so.
    private readonly LogThrottle _idleLog = new(TimeSpan.FromSeconds(1));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var registerTimeout = TimeSpan.FromSeconds(options.Value.Limits.RegisterTimeoutSeconds);
        var idleTimeout = TimeSpan.FromSeconds(options.Value.Limits.IdleTimeoutSeconds);
        var keepAlive = TimeSpan.FromSeconds(options.Value.Limits.KeepAliveSeconds);
        using var timer = new PeriodicTimer(Period, time);
        var ticks = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Tick(++ticks, registerTimeout, idleTimeout, keepAlive);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One tick of the timer (counted from 1): the sweep, and every tenth tick the pool's trim.</summary>
    internal void Tick(int tick, TimeSpan registerTimeout, TimeSpan idleTimeout, TimeSpan keepAlive)
    {
        Sweep(registerTimeout, idleTimeout, keepAlive);
        if (tick % TicksPerTrim == 0)
        {
            buffers.Trim();
        }
    }

    internal void Sweep(TimeSpan registerTimeout, TimeSpan idleTimeout, TimeSpan keepAlive)
    {
        foreach (var connection in registry.All)
        {
            try
            {
                SweepOne(connection, registerTimeout, idleTimeout, keepAlive);
            }
            catch (Exception ex)
            {
                // One connection's failure must not stop the sweep for all the others.
                Log.SweepFailed(logger, connection.ConnectionId, ex);
            }
        }
    }

    private void SweepOne(ConnectionState connection, TimeSpan registerTimeout, TimeSpan idleTimeout, TimeSpan keepAlive)
    {
        if (!connection.IsRegistered && time.GetElapsedTime(connection.ConnectedTimestamp) >= registerTimeout)
        {
            connection.Closer.Close(WebSocketCloseStatus.PolicyViolation, RegisterTimeoutReason);
        }

        connection.Guard?.CheckStuck();

        if (connection.Idle is not { } idle)
        {
            return;
        }

        // Pings go out every KeepAliveSeconds to a socket that is silent, so a live client is heard from well within
        // the idle timeout.
        var idleFor = idle.IdleFor;
        if (idleFor > idleTimeout)
        {
            if (_idleLog.TryEnter(out var suppressed))
            {
                Log.Idle(logger, connection.ConnectionId, idleFor, suppressed);
            }

            idle.AbortIdle();
        }
        else if (IsPingDue(idleFor, idle.SincePing, keepAlive))
        {
            idle.Ping();
        }
    }

    /// <summary>
    /// A socket is pinged on the last pass before it would have been silent, and unpinged, for a whole keep-alive
    /// interval: the next pass would come too late.
    /// </summary>
    internal static bool IsPingDue(TimeSpan idleFor, TimeSpan sincePing, TimeSpan keepAlive) =>
        idleFor + Period >= keepAlive && sincePing + Period >= keepAlive;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Checking connection {ConnectionId} failed.")]
        public static partial void SweepFailed(ILogger logger, string connectionId, Exception exception);

        [LoggerMessage(2, LogLevel.Information, "Connection {ConnectionId} sent nothing for {IdleFor}; dropped ({Suppressed} more since the last such line).")]
        public static partial void Idle(ILogger logger, string connectionId, TimeSpan idleFor, int suppressed);
    }
}
