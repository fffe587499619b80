using System.Net.WebSockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SignalRPub.Connections;

/// <summary>
/// Once a second: closes connections that did not register in time (1008) and those whose outbound send has
/// been stuck too long (slow consumers). On shutdown, closes raw sockets with 1001 rather than waiting for clients.
/// </summary>
internal sealed class ConnectionSweeper(
    ConnectionRegistry registry,
    IOptions<SignalRPubOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time) : BackgroundService
{
    public const string RegisterTimeoutReason = "register timeout";
    public const string ShutdownReason = "server shutting down";

    private static readonly TimeSpan s_period = TimeSpan.FromSeconds(1);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(static state => ((ConnectionSweeper)state!).CloseRawSockets(), this);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var registerTimeout = TimeSpan.FromSeconds(options.Value.Limits.RegisterTimeoutSeconds);
        using var timer = new PeriodicTimer(s_period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Sweep(registerTimeout);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal void Sweep(TimeSpan registerTimeout)
    {
        foreach (var connection in registry.All)
        {
            if (!connection.IsRegistered && time.GetElapsedTime(connection.ConnectedTimestamp) >= registerTimeout)
            {
                connection.Closer.Close(WebSocketCloseStatus.PolicyViolation, RegisterTimeoutReason);
            }

            connection.Guard?.CheckStuck();
        }
    }

    private void CloseRawSockets()
    {
        foreach (var connection in registry.All)
        {
            if (connection.IsRaw)
            {
                connection.Closer.Close(WebSocketCloseStatus.EndpointUnavailable, ShutdownReason);
            }
        }
    }
}
