using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>
/// A real HTTP upstream (Kestrel on a loopback port) for the gateway's forwarder (PROTOCOL.md §7): it answers
/// every request through a function the test sets, records every request as it arrived, and lets a test await
/// the Nth one. Every wait is bounded by <see cref="TestTimeouts.Default"/>.
/// </summary>
internal sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<UpstreamCall> _calls = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Func<UpstreamCall, Task<UpstreamReply>> _answer;

    private FakeUpstream(WebApplication app, string name, Func<UpstreamCall, Task<UpstreamReply>> answer)
    {
        _app = app;
        Name = name;
        _answer = answer;
    }

    /// <summary>The name the test gave this upstream, e.g. <c>a</c>.</summary>
    public string Name { get; }

    public int Port { get; private set; }

    /// <summary><c>127.0.0.1:port</c>.</summary>
    public string Authority => $"127.0.0.1:{Port}";

    /// <summary>The calls received so far, in arrival order.</summary>
    public IReadOnlyList<UpstreamCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Starts an upstream named <paramref name="name"/> answering <paramref name="answer"/>, or <c>200 {}</c> when it is null.</summary>
    public static async Task<FakeUpstream> StartAsync(string name = "upstream", Func<UpstreamCall, Task<UpstreamReply>>? answer = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var upstream = new FakeUpstream(app, name, answer ?? (_ => Task.FromResult(UpstreamReply.Ok())));
        app.Run(upstream.HandleAsync);
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        await app.StartAsync(timeout.Token);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        upstream.Port = new Uri(address).Port;
        return upstream;
    }

    /// <summary>A port on 127.0.0.1 that nothing listens on (bound once, then released): a node that cannot be reached.</summary>
    public static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>An upstream node <c>{"host","port","weight"}</c> that cannot be reached.</summary>
    public static JsonObject ClosedNode(int weight = 1) => new() { ["host"] = "127.0.0.1", ["port"] = ClosedPort(), ["weight"] = weight };

    /// <summary>This upstream as a node <c>{"host","port","weight"}</c> of a route's upstream, named <paramref name="host"/>.</summary>
    public JsonObject Node(int weight = 1, string host = "127.0.0.1") => new() { ["host"] = host, ["port"] = Port, ["weight"] = weight };

    /// <summary>Answers every later call through <paramref name="answer"/>.</summary>
    public void AnswerWith(Func<UpstreamCall, Task<UpstreamReply>> answer) => _answer = answer;

    /// <summary>Answers every later call with <paramref name="status"/> and <paramref name="body"/>.</summary>
    public void AnswerWith(int status, string body) => AnswerWith(_ => Task.FromResult(new UpstreamReply(status, body)));

    /// <summary>Answers every later call only when the gateway gives up on it: a node too slow for any timeout.</summary>
    public void NeverAnswer() => AnswerWith(async call =>
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, call.Aborted);
        return UpstreamReply.Ok();
    });

    /// <summary>The calls received so far whose <c>X-Action</c> is <paramref name="action"/>.</summary>
    public IReadOnlyList<UpstreamCall> CallsFor(string action) => [.. Calls.Where(c => c.Action == action)];

    /// <summary>Waits for the call number <paramref name="number"/> (from 1) and returns it.</summary>
    public Task<UpstreamCall> CallAsync(int number, TimeSpan? timeout = null) =>
        FirstAsync(calls => calls.Count >= number ? calls[number - 1] : null, timeout, $"call number {number}");

    /// <summary>Waits for the first call that <paramref name="match"/> accepts and returns it.</summary>
    public Task<UpstreamCall> CallAsync(Func<UpstreamCall, bool> match, string what, TimeSpan? timeout = null) =>
        FirstAsync(calls => calls.FirstOrDefault(match), timeout, what);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TestTimeouts.CleanUp);
            await _app.StopAsync(timeout.Token);
        }
        finally
        {
            await _app.DisposeAsync().AsTask().WaitAsync(TestTimeouts.CleanUp);
            _stopping.Dispose();
        }
    }

    private async Task<UpstreamCall> FirstAsync(Func<List<UpstreamCall>, UpstreamCall?> find, TimeSpan? timeout, string what)
    {
        var limit = timeout ?? TestTimeouts.Default;
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            Task arrived;
            lock (_lock)
            {
                if (find(_calls) is { } call)
                {
                    return call;
                }

                arrived = _arrived.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left > TimeSpan.Zero && await Completes(arrived, left))
            {
                continue;
            }

            throw new TimeoutException(
                $"Upstream {Name} did not receive {what} within {limit.TotalSeconds} s; it received {Calls.Count} call(s): " +
                string.Join(", ", Calls.Select(c => $"{c.Action} {c.PathAndQuery}")));
        }
    }

    private static async Task<bool> Completes(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, aborted.Token);
        var call = Record(context, body.ToArray(), aborted.Token);

        UpstreamReply reply;
        try
        {
            reply = await _answer(call);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return;
        }

        context.Response.StatusCode = reply.Status;
        if (reply.Bytes is { } bytes)
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(bytes, aborted.Token);
        }
        else if (reply.Body.Length > 0)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(reply.Body, Encoding.UTF8, aborted.Token);
        }
    }

    private UpstreamCall Record(HttpContext context, byte[] body, CancellationToken aborted)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in context.Request.Headers)
        {
            headers[name] = values.ToString();
        }

        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? $"{context.Request.Path}{context.Request.QueryString}";
        TaskCompletionSource arrived;
        UpstreamCall call;
        lock (_lock)
        {
            call = new UpstreamCall(_calls.Count + 1, Name, context.Request.Method, target, headers, body, DateTimeOffset.UtcNow, aborted);
            _calls.Add(call);
            arrived = _arrived;
            _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        arrived.TrySetResult();
        return call;
    }
}
