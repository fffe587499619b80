using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SignalRPub.Actions;
using SignalRPub.Connections;
using SignalRPub.Internal;
using SignalRPub.Routing;
using SignalRPub.Upstreams;

namespace SignalRPub.Actions;

/// <summary>
/// Tells the upstreams of the <c>disconnect</c> routes serving a connection's entry that it ended by itself
/// (<c>X-Action: disconnected</c>). Best effort: a bounded queue that drops when full and a bounded number of
/// calls in flight, so a close is never delayed.
/// </summary>
internal sealed partial class DisconnectNotifier(RouteTableProvider routes, IUpstreamForwarder forwarder, ILogger<DisconnectNotifier> logger) : BackgroundService
{
    private const int QueueCapacity = 10_000;
    private const int MaxConcurrentCalls = 32;

    private readonly Channel<ConnectionState> _queue = Channel.CreateBounded<ConnectionState>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly SemaphoreSlim _inFlight = new(MaxConcurrentCalls, MaxConcurrentCalls);

    // An upstream that is down fails the notice of every connection that closes: a line every ten seconds says so.
    private readonly LogThrottle _failureLog = new(TimeSpan.FromSeconds(10));

    public void Notify(ConnectionState connection)
    {
        if (!_queue.Writer.TryWrite(connection) && _failureLog.TryEnter(out var suppressed))
        {
            Log.Dropped(logger, connection.ConnectionId, suppressed);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var connection in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                foreach (var route in routes.Current.Routes)
                {
                    if (route is { IsEntry: false, Action: RouteAction.Disconnect, Upstream: not null } && RouteTable.Serves(route, connection.EntryId))
                    {
                        await _inFlight.WaitAsync(stoppingToken).ConfigureAwait(false);
                        _ = SendAsync(route, connection, stoppingToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SendAsync(RouteConfig route, ConnectionState connection, CancellationToken cancellationToken)
    {
        try
        {
            var request = new UpstreamRequest(route, ActionNames.Disconnected, connection.ConnectionId, route.Uri, [], FrameParser.EmptyObject, connection.RemoteIp);
            var result = await forwarder.ForwardAsync(request, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess && _failureLog.TryEnter(out var suppressed))
            {
                Log.NotAccepted(logger, connection.ConnectionId, route.Id, result.Status, suppressed);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (_failureLog.TryEnter(out var suppressed))
            {
                Log.Failed(logger, connection.ConnectionId, route.Id, suppressed, ex);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _inFlight.Release();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "The disconnected notice of {ConnectionId} was dropped: the queue is full ({Suppressed} more notice lines held back).")]
        public static partial void Dropped(ILogger logger, string connectionId, int suppressed);

        [LoggerMessage(2, LogLevel.Information, "The upstream of route {RouteId} answered {Status} to the disconnected notice of {ConnectionId} ({Suppressed} more notice lines held back).")]
        public static partial void NotAccepted(ILogger logger, string connectionId, string routeId, int status, int suppressed);

        [LoggerMessage(3, LogLevel.Warning, "The disconnected notice of {ConnectionId} to route {RouteId} failed ({Suppressed} more notice lines held back).")]
        public static partial void Failed(ILogger logger, string connectionId, string routeId, int suppressed, Exception exception);
    }
}
