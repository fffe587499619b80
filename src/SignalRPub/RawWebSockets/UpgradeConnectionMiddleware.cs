using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SignalRPub.Protocol;
using SignalRPub.Routing;
using SignalRPub.Security;

namespace SignalRPub.RawWebSockets;

/// <summary>
/// A Kestrel connection middleware on the gateway's listeners (<c>SignalRPub:Gateway:WebSocketUpgrades</c> =
/// <c>Connection</c>): it reads the first request of each new connection without consuming it and, when that is a
/// WebSocket upgrade to an entry route (<see cref="UpgradeHeadParser"/>), admits it as HTTP would
/// (<see cref="GatewayAdmission"/>), answers it and runs the socket straight on the connection, so no HTTP request lives
/// on with it. Every other connection goes on to HTTP with its bytes untouched, as soon as they tell it is not such an
/// upgrade. One that began such a head but did not end it within Kestrel's request headers timeout gets HTTP's 408 and
/// is closed; one that sent nothing by then goes on to HTTP.
/// </summary>
internal sealed partial class UpgradeConnectionMiddleware
{
    private readonly RouteTableProvider _routes;
    private readonly GatewayAdmission _admission;
    private readonly RawWebSocketEndpoint _sockets;
    private readonly HashSet<string> _hostOrigins;
    private readonly bool _anyHostOrigin;
    private readonly Func<string, bool> _isEntry;
    private readonly ILogger _logger;

    public UpgradeConnectionMiddleware(
        RouteTableProvider routes,
        GatewayAdmission admission,
        RawWebSocketEndpoint sockets,
        IOptions<WebSocketOptions> webSockets,
        ILogger<UpgradeConnectionMiddleware> logger)
    {
        _routes = routes;
        _admission = admission;
        _sockets = sockets;
        _logger = logger;
        _isEntry = path => routes.Current.FindByUri(path) is { IsEntry: true };

        // The host's own WebSocket settings apply here as they do to the entry routes on HTTP (UseWebSockets).
        var allowed = webSockets.Value.AllowedOrigins;
        _anyHostOrigin = allowed.Count == 0 || allowed.Contains("*");
        _hostOrigins = new HashSet<string>(allowed, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The middleware in front of <paramref name="next"/> (HTTP) on a listener with <paramref name="limits"/>.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next, KestrelServerLimits limits) =>
        connection => OnConnectedAsync(connection, next, limits.RequestHeadersTimeout, limits.MaxRequestHeaderCount);

    private async Task OnConnectedAsync(ConnectionContext connection, ConnectionDelegate next, TimeSpan headTimeout, int maxHeaders)
    {
        var (head, entry, late) = await PeekAsync(connection, headTimeout, maxHeaders).ConfigureAwait(false);
        if (head is null && !late)
        {
            await next(connection).ConfigureAwait(false);
            return;
        }

        try
        {
            if (head is null)
            {
                // HTTP's answer to a head that takes too long; HTTP itself would wait for new bytes, not read those it has.
                await ConnectionAnswers.RequestTimeoutAsync(connection.Transport.Output).ConfigureAwait(false);
                return;
            }

            if (!await AnswerAsync(connection, head).ConfigureAwait(false))
            {
                return;
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The client went away while its answer was being written.
            Log.AnswerFailed(_logger, connection.ConnectionId, ex);
            return;
        }

        await _sockets.RunAsync(connection, entry!).ConfigureAwait(false);
    }

    // The upgrade to take below HTTP, its head consumed; or no head, nothing consumed, and what the last read brought left
    // unexamined, so HTTP's first read returns at once with every byte. Late: the first bytes came, the rest of the head
    // not within Kestrel's request headers timeout.
    private async ValueTask<(UpgradeHead? Head, RouteConfig? Entry, bool Late)> PeekAsync(ConnectionContext connection, TimeSpan timeout, int maxHeaders)
    {
        var input = connection.Transport.Input;
        using var deadline = new CancellationTokenSource(timeout);
        var closing = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? CancellationToken.None;
        using var onClosing = closing.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), deadline);
        SequencePosition? examined = null;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ConnectionResetException)
            {
                // Too slow, or the server stops (it closes every connection), or gone (HTTP meets the same end).
                return (null, null, ex is OperationCanceledException && examined is not null && !closing.IsCancellationRequested);
            }

            var buffer = result.Buffer;
            var verdict = HeadVerdict.PassToHttp;
            UpgradeHead? head = null;
            try
            {
                verdict = UpgradeHeadParser.Parse(buffer, _isEntry, maxHeaders, out head);
            }
            catch (Exception ex)
            {
                // Never the client's problem: HTTP reads the request as it would have.
                Log.ParseFailed(_logger, connection.ConnectionId, ex);
            }

            if (verdict == HeadVerdict.NeedMore && !result.IsCompleted && !result.IsCanceled)
            {
                input.AdvanceTo(buffer.Start, buffer.End);
                examined = buffer.End;
                continue;
            }

            if (verdict == HeadVerdict.Upgrade && _routes.Current.FindByUri(head!.Path) is { IsEntry: true } entry)
            {
                input.AdvanceTo(buffer.GetPosition(head.Length));
                return (head, entry, false);
            }

            input.AdvanceTo(buffer.Start, examined ?? buffer.Start);
            return (null, null, false);
        }
    }

    // Admits the upgrade as HTTP would and writes the 101, or writes the refusal and ends the connection (false).
    private async ValueTask<bool> AnswerAsync(ConnectionContext connection, UpgradeHead head)
    {
        var output = connection.Transport.Output;
        var refusal = RefusedByHost(head.Origin) ?? _admission.Decide(head.Origin, opensConnection: true, (connection.RemoteEndPoint as IPEndPoint)?.Address);
        if (refusal is null)
        {
            await ConnectionAnswers.SwitchingProtocolsAsync(output, head.Key).ConfigureAwait(false);
            return true;
        }

        // A refused upgrade ends its connection: the client asked for nothing else on it.
        await ConnectionAnswers.ErrorAsync(output, refusal.Code, refusal.Message).ConfigureAwait(false);
        await output.CompleteAsync().ConfigureAwait(false);
        return false;
    }

    private AdmissionRefusal? RefusedByHost(string? origin) =>
        _anyHostOrigin || string.IsNullOrEmpty(origin) || _hostOrigins.Contains(origin)
            ? null
            : new AdmissionRefusal(ErrorCodes.Forbidden, $"origin '{(origin.Length <= 100 ? origin : origin[..100] + "…")}' is not allowed");

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Reading the first request of connection {ConnectionId} failed; it goes to HTTP as it is.")]
        public static partial void ParseFailed(ILogger logger, string connectionId, Exception exception);

        [LoggerMessage(2, LogLevel.Debug, "Connection {ConnectionId} ended while its first request was answered below HTTP.")]
        public static partial void AnswerFailed(ILogger logger, string connectionId, Exception exception);
    }
}
