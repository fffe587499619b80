using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>
/// A SignalR client of the hub (PROTOCOL.md §3.4) with the JSON or the MessagePack protocol. Responses and pushes are
/// turned into JSON whatever the protocol, and every wait is bounded by <see cref="TestTimeouts.Default"/>.
/// </summary>
internal sealed class HubClient : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly HubProtocolKind _protocol;
    private readonly Channel<JsonElement> _pushes = Channel.CreateUnbounded<JsonElement>();
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _lastMsgId;

    private HubClient(HubConnection connection, HubProtocolKind protocol)
    {
        _connection = connection;
        _protocol = protocol;
        if (protocol == HubProtocolKind.Json)
        {
            connection.On<JsonElement>("push", push => _pushes.Writer.TryWrite(push.Clone()));
        }
        else
        {
            connection.On<object>("push", push => _pushes.Writer.TryWrite(MessagePackValues.ToJson(push)));
        }

        connection.Closed += error =>
        {
            _closed.TrySetResult(error);
            return Task.CompletedTask;
        };
    }

    /// <summary>The <c>connectionId</c> of the last successful <see cref="RegisterAsync"/>.</summary>
    public string ConnectionId { get; private set; } = "";

    /// <summary>Connects to <paramref name="hubUri"/> (e.g. <c>/hub?entry=1</c>) with <paramref name="protocol"/>.</summary>
    public static async Task<HubClient> ConnectAsync(Uri hubUri, HubProtocolKind protocol)
    {
        var builder = new HubConnectionBuilder().WithUrl(hubUri);
        if (protocol == HubProtocolKind.Json)
        {
            builder.AddJsonProtocol();
        }
        else
        {
            builder.AddMessagePackProtocol();
        }

        var client = new HubClient(builder.Build(), protocol);
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        await client._connection.StartAsync(timeout.Token);
        return client;
    }

    /// <summary>The body <c>{"topics":[…]}</c> as the hub client serialises it.</summary>
    public static Dictionary<string, object?> Topics(params string[] topics) => new() { ["topics"] = topics };

    /// <summary>Calls <c>Request(frame)</c> with a fresh string <c>msgId</c> and returns the response frame, checking its id.</summary>
    public async Task<JsonElement> RequestAsync(string uri, object? body = null)
    {
        var msgId = $"h{Interlocked.Increment(ref _lastMsgId)}";
        var frame = new Dictionary<string, object?>
        {
            ["uri"] = uri,
            ["header"] = new Dictionary<string, object?> { ["msgId"] = msgId, ["ts"] = 132132132 },
        };
        if (body is not null)
        {
            frame["body"] = body;
        }

        var response = await InvokeRequestAsync(frame);
        Assert.True(
            JsonAssert.Property(response, "msgId").ValueKind == JsonValueKind.String && response.GetProperty("msgId").GetString() == msgId,
            $"Expected the response to msgId {msgId} but got {response.GetRawText()}.");
        return response;
    }

    /// <summary>Calls <c>Request(frame)</c> with <paramref name="frame"/> as given.</summary>
    public async Task<JsonElement> InvokeRequestAsync(object frame)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        return _protocol == HubProtocolKind.Json
            ? (await _connection.InvokeAsync<JsonElement>("Request", frame, timeout.Token)).Clone()
            : MessagePackValues.ToJson(await _connection.InvokeAsync<object>("Request", frame, timeout.Token));
    }

    /// <summary>Registers through <paramref name="uri"/>, asserts 200 and keeps the connection id.</summary>
    public async Task<JsonElement> RegisterAsync(string uri = SeedUris.Register)
    {
        var response = await RequestAsync(uri);
        Frames.AssertStatus(response, 200);
        ConnectionId = JsonAssert.Property(Frames.Body(response), "connectionId").GetString()!;
        return response;
    }

    /// <summary>The next push's single argument, <c>{"topic":…,"data":…}</c>.</summary>
    public async Task<JsonElement> NextPushAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? TestTimeouts.Default;
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            return await _pushes.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No push arrived within {limit.TotalSeconds} s.");
        }
    }

    /// <summary>Waits until the hub connection is closed; returns the error it closed with, if any.</summary>
    public Task<Exception?> WaitClosedAsync(TimeSpan? timeout = null) => _closed.Task.WaitAsync(timeout ?? TestTimeouts.Default);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _connection.DisposeAsync().AsTask().WaitAsync(TestTimeouts.CleanUp);
        }
        catch (TimeoutException)
        {
            // The test has its verdict already; a slow clean-up must not hang the run.
        }
    }
}
