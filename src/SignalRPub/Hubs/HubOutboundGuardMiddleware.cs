using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SignalRPub.Connections;
using SignalRPub.Internal;

namespace SignalRPub.Hubs;

/// <summary>
/// The outbound guard of <c>/hub</c> connections: hub writes go to an unbounded buffer that a pump copies to
/// SignalR's transport, so a client that stops reading never blocks a group send; the guard bounds the buffer.
/// </summary>
internal sealed partial class HubOutboundGuardMiddleware(IOptions<SignalRPubOptions> options, GatewayStats stats, FrameBufferPool buffers, TimeProvider time, ILogger<HubOutboundGuardMiddleware> logger)
{
    // Many clients can stall at once (a network outage on their side): one line a second says so.
    private readonly LogThrottle _slowConsumerLog = new(TimeSpan.FromSeconds(1));

    // One delegate for every connection's guard, not a closure each.
    private Action<OutboundGuard>? _slowConsumer;

    public async Task InvokeAsync(ConnectionContext context, ConnectionDelegate next)
    {
        var limits = options.Value.Limits;
        var original = context.Transport;
        var buffer = new Pipe(buffers.UnboundedPipeOptions);
        var guard = new OutboundGuard(limits.MaxPendingBytes, TimeSpan.FromSeconds(limits.SlowConsumerSeconds), time, _slowConsumer ??= SlowConsumer)
        {
            ConnectionId = context.ConnectionId,
        };
        context.Transport = new DuplexPipe(original.Input, new GuardedPipeWriter(buffer.Writer, guard));
        context.Features.Set(guard);
        var pump = PumpAsync(buffer.Reader, original.Output, guard);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            await buffer.Writer.CompleteAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(false);
            context.Transport = original;
        }
    }

    private void SlowConsumer(OutboundGuard guard)
    {
        stats.SlowConsumer(raw: false);
        if (_slowConsumerLog.TryEnter(out var suppressed))
        {
            Log.SlowConsumer(logger, guard.ConnectionId, guard.PendingBytes, suppressed);
        }
    }

    private static async Task PumpAsync(PipeReader source, PipeWriter destination, OutboundGuard guard)
    {
        try
        {
            while (true)
            {
                var result = await source.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    destination.Write(segment.Span);
                }

                guard.SendStarted();
                var flush = await destination.FlushAsync().ConfigureAwait(false);
                guard.SendCompleted();
                guard.Consumed(buffer.Length);
                source.AdvanceTo(buffer.End);
                if (result.IsCompleted || flush.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or OperationCanceledException)
        {
            // The transport is gone.
        }
        finally
        {
            await source.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Hub connection {ConnectionId} closed as a slow consumer with {PendingBytes} bytes waiting ({Suppressed} more since the last such line).")]
        public static partial void SlowConsumer(ILogger logger, string connectionId, long pendingBytes, int suppressed);
    }
}
