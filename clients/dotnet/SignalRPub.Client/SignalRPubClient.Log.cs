using Microsoft.Extensions.Logging;

namespace SignalRPub.Client;

/// <summary>Logging.</summary>
public sealed partial class SignalRPubClient
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "State {Previous} -> {State}.")]
        public static partial void StateChanged(ILogger logger, SignalRPubConnectionState previous, SignalRPubConnectionState state);

        [LoggerMessage(2, LogLevel.Warning, "A StateChanged handler threw; ignored.")]
        public static partial void StateHandlerFailed(ILogger logger, Exception exception);

        [LoggerMessage(3, LogLevel.Warning, "The connection to the gateway was lost; reconnecting.")]
        public static partial void ConnectionLost(ILogger logger, Exception? exception);

        [LoggerMessage(4, LogLevel.Information, "The connection to the gateway was closed.")]
        public static partial void Closed(ILogger logger, Exception? exception);

        [LoggerMessage(5, LogLevel.Information, "Reconnected on attempt {Attempt} as connection {ConnectionId}.")]
        public static partial void Reconnected(ILogger logger, int attempt, string? connectionId);

        [LoggerMessage(6, LogLevel.Warning, "Reconnect attempt {Attempt} failed.")]
        public static partial void ReconnectFailed(ILogger logger, int attempt, Exception exception);

        [LoggerMessage(7, LogLevel.Error, "The gateway refused the reconnection; giving up.")]
        public static partial void ReconnectRefused(ILogger logger, Exception exception);

        [LoggerMessage(8, LogLevel.Error, "A push handler for topic {Topic} threw; ignored.")]
        public static partial void HandlerFailed(ILogger logger, string topic, Exception exception);
    }
}
