using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SignalRPub.Client.Internal;

/// <summary>
/// A SignalR connection to the hub (docs/protocol.md §7): frames go to the hub method <c>Request</c>, pushes come to the
/// client method <c>push</c>. Frames and pushes are <see cref="JsonElement"/>s with either hub protocol.
/// </summary>
internal sealed class HubTransport : IPubTransport
{
    private const string RequestMethod = "Request";
    private const string PushMethod = "push";
    private static readonly TimeSpan s_stopWait = TimeSpan.FromSeconds(5);

    private readonly HubConnection _connection;
    private readonly ObservingHubProtocol _protocol;
    private readonly ITransportSink _sink;
    private readonly JsonSerializerOptions _serializerOptions;
    private volatile bool _stopping;

    public HubTransport(
        Uri url,
        SignalRPubProtocol protocol,
        Action<HttpConnectionOptions>? configure,
        ITransportSink sink,
        JsonSerializerOptions serializerOptions)
    {
        _sink = sink;
        _serializerOptions = serializerOptions;
        IHubProtocol inner = protocol == SignalRPubProtocol.MessagePack
            ? new MessagePackHubProtocol(Options.Create(new MessagePackHubProtocolOptions { SerializerOptions = JsonElementMessagePackFormatter.Options }))
            : new JsonHubProtocol(Options.Create(new JsonHubProtocolOptions()));
        _protocol = new ObservingHubProtocol(inner, sink);

        var builder = new HubConnectionBuilder().WithUrl(url, options => configure?.Invoke(options));

        // The last registered protocol is the one the connection uses.
        builder.Services.AddSingleton<IHubProtocol>(_protocol);
        _connection = builder.Build();
        _connection.On<JsonElement>(PushMethod, OnPushAsync);
        _connection.Closed += OnClosedAsync;
    }

    public Task StartAsync(CancellationToken cancellationToken) => _connection.StartAsync(cancellationToken);

    public ValueTask SendAsync(OutgoingFrame frame, CancellationToken cancellationToken)
    {
        var argument = FrameWriter.ToElement(frame, _serializerOptions);

        // The answer is read by the protocol in arrival order (ObservingHubProtocol); the invocation's own task only tells
        // of failures. It is not cancelled with the caller: the caller's wait has its own timeout.
        var invocation = _connection.InvokeCoreAsync(RequestMethod, typeof(JsonElement), [argument], CancellationToken.None);
        if (!invocation.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(invocation, frame.MsgId);
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        try
        {
            await _connection.DisposeAsync().AsTask().WaitAsync(s_stopWait).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
    }

    private async Task ObserveAsync(Task invocation, string msgId)
    {
        try
        {
            await invocation.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _sink.OnRequestFailed(msgId, e);
        }
    }

    private Task OnPushAsync(JsonElement push)
    {
        if (push.ValueKind == JsonValueKind.Object && push.TryGetProperty("topic"u8, out var topic) && topic.ValueKind == JsonValueKind.String)
        {
            return _sink.OnPushAsync(topic.GetString()!, push.TryGetProperty("data"u8, out var data) ? data : ErrorBodies.Null).AsTask();
        }

        return Task.CompletedTask;
    }

    private Task OnClosedAsync(Exception? error)
    {
        var intentional = _stopping || _protocol.ClosedForGood;
        _sink.OnClosed(this, intentional, intentional ? error : error ?? new IOException("The gateway closed the SignalR connection."));
        return Task.CompletedTask;
    }
}
