using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace SignalRPub.Samples.MockUpstream;

/// <summary>Answers every <c>POST</c> the gateway forwards: reads the call, logs it, waits if told to, answers.</summary>
internal sealed partial class MockUpstreamHandler(
    IOptionsMonitor<MockUpstreamOptions> options,
    TimeProvider timeProvider,
    ILogger<MockUpstreamHandler> logger)
{
    private const int MaxLoggedBodyChars = 2048;

    public async Task HandleAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        var call = await UpstreamCall.ReadAsync(context.Request, aborted).ConfigureAwait(false);
        var current = options.CurrentValue;
        var answer = MockResponder.Answer(call, current);
        var body = answer.Body.ToJsonString();

        Log.Call(logger, Display(call.Action), Display(call.ConnectionId), call.PathAndQuery, Display(call.MsgId),
            Display(Truncate(call.Body)), answer.Status, body);

        if (current.DelayMilliseconds > 0)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(current.DelayMilliseconds), timeProvider, aborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                Log.CallerGaveUp(logger, call.PathAndQuery, Display(call.MsgId));
                return;
            }
        }

        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body, Encoding.UTF8, aborted).ConfigureAwait(false);
    }

    /// <summary>Logs the options in force, so a run shows what it will deny and delay.</summary>
    public void LogOptions()
    {
        var current = options.CurrentValue;
        Log.Options(logger, string.Join(", ", current.DenyTopics), current.DenyTopicsStatus?.ToString(CultureInfo.InvariantCulture) ?? "unset (narrow)",
            string.Join(", ", current.DenyUsers), current.DelayMilliseconds);
    }

    private static string Display(string? value) => string.IsNullOrEmpty(value) ? "-" : value;

    private static string Truncate(string body) => body.Length <= MaxLoggedBodyChars
        ? body
        : string.Concat(body.AsSpan(0, MaxLoggedBodyChars), $"…({body.Length} chars)");

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information,
            "{Action} conn={ConnectionId} POST {PathAndQuery} msgId={MsgId} body={Body} -> {Status} {Answer}")]
        public static partial void Call(ILogger logger, string action, string connectionId, string pathAndQuery,
            string msgId, string body, int status, string answer);

        [LoggerMessage(2, LogLevel.Information, "The caller of {PathAndQuery} msgId={MsgId} gave up before the delayed answer.")]
        public static partial void CallerGaveUp(ILogger logger, string pathAndQuery, string msgId);

        [LoggerMessage(3, LogLevel.Information,
            "Options: DenyTopics=[{DenyTopics}] DenyTopicsStatus={DenyTopicsStatus} DenyUsers=[{DenyUsers}] DelayMilliseconds={DelayMilliseconds}")]
        public static partial void Options(ILogger logger, string denyTopics, string denyTopicsStatus, string denyUsers, int delayMilliseconds);
    }
}
