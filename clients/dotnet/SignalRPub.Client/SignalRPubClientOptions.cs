using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.Extensions.Logging;

namespace SignalRPub.Client;

/// <summary>What a <see cref="SignalRPubClient"/> connects to and how. Checked when the client is created; do not change it afterwards.</summary>
public sealed class SignalRPubClientOptions
{
    /// <summary>
    /// The endpoint itself: an entry route for <see cref="SignalRPubTransport.WebSocket"/> (<c>ws://127.0.0.1:9080/msg-pub</c>,
    /// scheme <c>ws</c> or <c>wss</c>), the hub with its entry for <see cref="SignalRPubTransport.SignalR"/>
    /// (<c>http://127.0.0.1:9080/hub?entry=1</c>, scheme <c>http</c> or <c>https</c>). Required.
    /// </summary>
    public Uri? Url { get; set; }

    /// <summary>The transport. Default <see cref="SignalRPubTransport.WebSocket"/>.</summary>
    public SignalRPubTransport Transport { get; set; } = SignalRPubTransport.WebSocket;

    /// <summary>The hub protocol; <see cref="SignalRPubProtocol.MessagePack"/> only with <see cref="SignalRPubTransport.SignalR"/>. Default <see cref="SignalRPubProtocol.Json"/>.</summary>
    public SignalRPubProtocol Protocol { get; set; } = SignalRPubProtocol.Json;

    /// <summary>The action routes' URIs. Default: the routes the gateway ships with.</summary>
    public SignalRPubRoutes Routes { get; set; } = new();

    /// <summary>Headers sent in the <c>header</c> object of every <c>register</c> frame (on reconnects too), e.g. a token the upstream checks.</summary>
    public IDictionary<string, string> RegisterHeaders { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// With the <see cref="SignalRPubTransport.WebSocket"/> transport, asks the gateway for batch frames (several pushes in
    /// one WebSocket message, docs/protocol.md §4) in every <c>register</c> frame, reconnects included (header
    /// <c>pushBatch: true</c>). Pushes reach the handlers and <see cref="SignalRPubClient.ReadAllAsync"/> one by one and
    /// in order either way. Ignored with <see cref="SignalRPubTransport.SignalR"/>, which batches by itself. Default
    /// <see langword="false"/>.
    /// </summary>
    public bool PushBatching { get; set; }

    /// <summary>The body of every <c>register</c> frame (serialised with <see cref="SerializerOptions"/>); <see langword="null"/> sends <c>{}</c>.</summary>
    public object? RegisterBody { get; set; }

    /// <summary>
    /// How long a request waits for its answer before it fails with <see cref="TimeoutException"/>. Default 10 s; above zero,
    /// or <see cref="Timeout.InfiniteTimeSpan"/>.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How a lost connection is reconnected.</summary>
    public SignalRPubReconnectOptions Reconnect { get; set; } = new();

    /// <summary>
    /// How many pushes may wait, per <see cref="SignalRPubClient.ReadAllAsync"/> enumeration and for the handlers of
    /// <see cref="SignalRPubClient.On(string, Action{Push})"/>. An enumeration that falls this far behind loses its oldest
    /// waiting push for each new one; handlers that fall this far behind make the client stop reading the connection until
    /// they catch up. Default 1024; at least 1.
    /// </summary>
    public int PushBufferCapacity { get; set; } = 1024;

    /// <summary>How request bodies are serialised. Default: <see cref="JsonSerializerDefaults.Web"/> (camelCase names).</summary>
    public JsonSerializerOptions SerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);

    /// <summary>Where the client logs (its connection losses, reconnects, failing handlers). Default: nowhere.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Changes to the <see cref="ClientWebSocket"/> of the <see cref="SignalRPubTransport.WebSocket"/> transport (proxy, certificates, HTTP headers).</summary>
    public Action<ClientWebSocketOptions>? ConfigureWebSocket { get; set; }

    /// <summary>Changes to the SignalR connection of the <see cref="SignalRPubTransport.SignalR"/> transport (transports, <c>SkipNegotiation</c>, headers).</summary>
    public Action<HttpConnectionOptions>? ConfigureSignalR { get; set; }

    /// <summary>Every problem with these options; empty when they are valid.</summary>
    internal List<string> Validate()
    {
        var errors = new List<string>();
        if (Url is null || !Url.IsAbsoluteUri)
        {
            errors.Add("Url: required, an absolute URI");
        }
        else if (Transport == SignalRPubTransport.WebSocket && Url.Scheme is not ("ws" or "wss"))
        {
            errors.Add($"Url: '{Url}' must be a ws:// or wss:// URI for the WebSocket transport");
        }
        else if (Transport == SignalRPubTransport.SignalR && Url.Scheme is not ("http" or "https"))
        {
            errors.Add($"Url: '{Url}' must be an http:// or https:// URI for the SignalR transport");
        }

        if (!Enum.IsDefined(Transport))
        {
            errors.Add($"Transport: {Transport} is not a transport");
        }

        if (!Enum.IsDefined(Protocol))
        {
            errors.Add($"Protocol: {Protocol} is not a protocol");
        }
        else if (Protocol == SignalRPubProtocol.MessagePack && Transport != SignalRPubTransport.SignalR)
        {
            errors.Add("Protocol: MessagePack is only available with the SignalR transport");
        }

        ValidateRoutes(errors);
        if (RequestTimeout <= TimeSpan.Zero && RequestTimeout != Timeout.InfiniteTimeSpan)
        {
            errors.Add("RequestTimeout: must be above zero or Timeout.InfiniteTimeSpan");
        }

        ValidateReconnect(errors);
        if (PushBufferCapacity < 1)
        {
            errors.Add("PushBufferCapacity: must be at least 1");
        }

        if (SerializerOptions is null)
        {
            errors.Add("SerializerOptions: required");
        }

        return errors;
    }

    private void ValidateRoutes(List<string> errors)
    {
        if (Routes is null)
        {
            errors.Add("Routes: required");
            return;
        }

        foreach (var (name, uri) in new[]
        {
            ("Register", Routes.Register), ("SubAdd", Routes.SubAdd), ("SubPut", Routes.SubPut),
            ("SubDelete", Routes.SubDelete), ("Disconnect", Routes.Disconnect),
        })
        {
            if (string.IsNullOrEmpty(uri) || uri[0] != '/')
            {
                errors.Add($"Routes.{name}: required, a path starting with '/'");
            }
        }
    }

    private void ValidateReconnect(List<string> errors)
    {
        if (Reconnect is null)
        {
            errors.Add("Reconnect: required");
            return;
        }

        if (Reconnect.InitialDelay < TimeSpan.Zero)
        {
            errors.Add("Reconnect.InitialDelay: must be at least zero");
        }

        if (Reconnect.MaxDelay < Reconnect.InitialDelay)
        {
            errors.Add("Reconnect.MaxDelay: must be at least Reconnect.InitialDelay");
        }

        if (!(Reconnect.Jitter is >= 0 and <= 1))
        {
            errors.Add("Reconnect.Jitter: must be from 0 to 1");
        }

        if (Reconnect.MaxAttempts is < 1)
        {
            errors.Add("Reconnect.MaxAttempts: must be at least 1, or null for no limit");
        }
    }
}
