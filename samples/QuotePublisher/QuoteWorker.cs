using Microsoft.Extensions.Options;
using SignalRPub.Client;

namespace SignalRPub.Samples.QuotePublisher;

/// <summary>
/// Publishes quotes at <see cref="QuotePublisherOptions.RatePerSecond"/>: one message per request at low rates, batches
/// (the <c>messages</c> shape) every 50 ms at higher ones. A gateway that is busy (<c>429</c>, <c>503</c>) or away is
/// retried with a growing wait.
/// </summary>
internal sealed partial class QuoteWorker(
    ISignalRPubPublisher publisher,
    IOptions<QuotePublisherOptions> options,
    TimeProvider time,
    ILogger<QuoteWorker> logger) : BackgroundService
{
    private static readonly TimeSpan s_batchInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan s_reportInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_firstBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var book = new QuoteBook(settings.FirstCode, settings.Count, new Random(), time);

        // Below 20 messages a second, one request per message; above, a batch every 50 ms.
        var interval = settings.RatePerSecond <= 20 ? TimeSpan.FromSeconds(1 / settings.RatePerSecond) : s_batchInterval;
        // What is due follows the clock, not the ticks: a tick that comes late (a busy machine) makes a bigger batch.
        var maxBatch = Math.Max(1, settings.RatePerSecond * 0.25);
        Log.Starting(logger, book.Topics.Count, book.Topics[0], book.Topics[^1], settings.RatePerSecond, settings.GatewayUrl);

        using var timer = new PeriodicTimer(interval, time);
        var report = new Report(time.GetTimestamp());
        var due = 0.0;
        var lastTick = time.GetTimestamp();
        var backoff = s_firstBackoff;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                due = Math.Min(maxBatch, due + (settings.RatePerSecond * time.GetElapsedTime(lastTick).TotalSeconds));
                lastTick = time.GetTimestamp();
                var count = (int)due;
                due -= count;
                if (count > 0)
                {
                    var wait = await PublishAsync(book, count, report, stoppingToken).ConfigureAwait(false);
                    if (wait)
                    {
                        await Task.Delay(backoff, time, stoppingToken).ConfigureAwait(false);

                        // What fell due while waiting is dropped: a busy gateway gets no burst when it recovers.
                        lastTick = time.GetTimestamp();
                        backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, s_maxBackoff.Ticks));
                    }
                    else
                    {
                        backoff = s_firstBackoff;
                    }
                }

                report.LogIfDue(logger, time, s_reportInterval);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        Log.Stopped(logger, report.Total);
    }

    /// <summary>Publishes <paramref name="count"/> quotes; returns whether to wait before the next try.</summary>
    private async Task<bool> PublishAsync(QuoteBook book, int count, Report report, CancellationToken cancellationToken)
    {
        try
        {
            int accepted;
            var last = book.Next();
            if (count == 1)
            {
                accepted = await publisher.PublishAsync(last.Topic, last.Quote, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var messages = new PublishMessage[count];
                messages[0] = new PublishMessage(last.Topic, last.Quote);
                for (var i = 1; i < count; i++)
                {
                    last = book.Next();
                    messages[i] = new PublishMessage(last.Topic, last.Quote);
                }

                accepted = await publisher.PublishAsync(messages, cancellationToken).ConfigureAwait(false);
            }

            report.Sent(accepted, last.Topic, last.Quote);
            return false;
        }
        catch (SignalRPubException e) when (e.Status is 429 or 503)
        {
            Log.Busy(logger, e.Status, e.RetryAfter?.TotalSeconds);
            return true;
        }
        catch (SignalRPubException e)
        {
            Log.Refused(logger, e.Status, e.Error, e.Message);
            return true;
        }
        catch (HttpRequestException e)
        {
            Log.Unreachable(logger, e.Message);
            return true;
        }
    }

    /// <summary>What was sent since the last log line.</summary>
    private sealed class Report(long start)
    {
        private long _since = start;
        private long _sentSince;
        private string _lastTopic = "";
        private Quote? _lastQuote;

        public long Total { get; private set; }

        public void Sent(int accepted, string topic, Quote quote)
        {
            Total += accepted;
            _sentSince += accepted;
            _lastTopic = topic;
            _lastQuote = quote;
        }

        public void LogIfDue(ILogger logger, TimeProvider time, TimeSpan every)
        {
            var elapsed = time.GetElapsedTime(_since);
            if (elapsed < every)
            {
                return;
            }

            Log.Progress(logger, _sentSince, elapsed.TotalSeconds, _sentSince / elapsed.TotalSeconds, Total, _lastTopic, _lastQuote?.Last);
            _since = time.GetTimestamp();
            _sentSince = 0;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Publishing quotes on {Count} topics ({First} … {Last}) at {Rate} messages/s to {Gateway}.")]
        public static partial void Starting(ILogger logger, int count, string first, string last, double rate, Uri gateway);

        [LoggerMessage(2, LogLevel.Information, "Sent {Sent} messages in {Seconds:F1} s ({PerSecond:F1}/s), {Total} in all; last {Topic} at {Last}.")]
        public static partial void Progress(ILogger logger, long sent, double seconds, double perSecond, long total, string topic, double? last);

        [LoggerMessage(3, LogLevel.Warning, "The gateway is busy ({Status}, Retry-After {RetryAfter} s); waiting before the next try.")]
        public static partial void Busy(ILogger logger, int status, double? retryAfter);

        [LoggerMessage(4, LogLevel.Error, "The gateway refused the quotes ({Status} {Error}): {Message}")]
        public static partial void Refused(ILogger logger, int status, string? error, string message);

        [LoggerMessage(5, LogLevel.Warning, "The gateway cannot be reached: {Reason}; waiting before the next try.")]
        public static partial void Unreachable(ILogger logger, string reason);

        [LoggerMessage(6, LogLevel.Information, "Stopped after {Total} messages.")]
        public static partial void Stopped(ILogger logger, long total);
    }
}
