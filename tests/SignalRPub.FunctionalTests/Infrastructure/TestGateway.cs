using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using SignalRPub.Admin;
using SignalRPub.Publishing;
using SignalRPub.Upstreams;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>
/// One gateway node on a loopback port, started through the public API exactly as an application does
/// (<c>AddSignalRPub</c>, <c>MapSignalRPub</c>), with the configuration a test asks for.
/// </summary>
internal sealed class TestGateway : IGatewayUnderTest, IAsyncDisposable
{
    public const string DefaultPublishKey = "test-publish-key";

    public const string TokenSecret = "functional-tests-token-secret-0123456789abcdef";

    /// <summary>Set to <c>1</c> to see the gateway's logs on the console while debugging a test.</summary>
    public const string LogsVariable = "SIGNALRPUB_TEST_LOGS";

    private readonly WebApplication _app;
    private bool _stopped;

    private TestGateway(WebApplication app, Uri baseUri, string publishKey, FakeForwarder? forwarder)
    {
        _app = app;
        BaseUri = baseUri;
        PublishKey = publishKey;
        Forwarder = forwarder;
        HttpClient = new HttpClient { BaseAddress = baseUri, Timeout = TestTimeouts.Default };
    }

    /// <summary>The gateway listener, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>A client of <see cref="BaseUri"/>.</summary>
    public HttpClient HttpClient { get; }

    public string PublishKey { get; }

    /// <summary>The fake upstream, when the gateway was started with one.</summary>
    public FakeForwarder? Forwarder { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The admin listener (<c>Settings["Admin"]["Enabled"] = true</c>), e.g. <c>http://127.0.0.1:40124/</c>.</summary>
    public Uri AdminUri => new(
        (Services.GetRequiredService<AdminServer>().Addresses.FirstOrDefault() ?? throw new InvalidOperationException("The admin listener is not enabled.")).TrimEnd('/') + "/");

    /// <summary>The in-process publisher.</summary>
    public IPublisher Publisher => Services.GetRequiredService<IPublisher>();

    /// <summary>Starts a gateway with the seed's routes, changed as <paramref name="configure"/> says.</summary>
    public static async Task<TestGateway> StartAsync(Action<TestGatewayOptions>? configure = null)
    {
        var options = new TestGatewayOptions();
        configure?.Invoke(options);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable(LogsVariable) == "1")
        {
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug);
        }

        builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(ConfigurationJson(options))));
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
        builder.Services.AddSignalRPub(builder.Configuration);
        if (options.Forwarder is not null)
        {
            builder.Services.Replace(ServiceDescriptor.Singleton<IUpstreamForwarder>(options.Forwarder));
        }

        options.ConfigureServices?.Invoke(builder.Services);

        var app = builder.Build();
        options.ConfigureApp?.Invoke(app);
        app.MapSignalRPub();
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        await app.StartAsync(timeout.Token);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestGateway(app, new Uri(address.TrimEnd('/') + "/"), options.PublishKey, options.Forwarder);
    }

    /// <summary>The <c>ws://</c> address of <paramref name="pathAndQuery"/> on this gateway.</summary>
    public Uri WsUri(string pathAndQuery = SeedUris.Entry) =>
        new($"ws://{BaseUri.Authority}{pathAndQuery}");

    /// <summary>The hub's address for a connection of entry <paramref name="entry"/> (none when null).</summary>
    public Uri HubUri(string? entry = SeedUris.EntryId) =>
        new(BaseUri, entry is null ? "hub" : $"hub?entry={Uri.EscapeDataString(entry)}");

    /// <summary>Opens a raw WebSocket on the entry route <paramref name="path"/>.</summary>
    public Task<RawClient> ConnectAsync(string path = SeedUris.Entry, bool receive = true) => RawClient.ConnectAsync(WsUri(path), receive);

    /// <summary>Opens a raw WebSocket on the seed's entry and registers it.</summary>
    public async Task<RawClient> ConnectRegisteredAsync(string path = SeedUris.Entry, string registerUri = SeedUris.Register)
    {
        var client = await ConnectAsync(path);
        try
        {
            await client.RegisterAsync(registerUri);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens a hub connection of entry <paramref name="entry"/>.</summary>
    public Task<HubClient> ConnectHubAsync(HubProtocolKind protocol, string? entry = SeedUris.EntryId) =>
        HubClient.ConnectAsync(HubUri(entry), protocol);

    /// <summary>The headers of a backend acting for connection <paramref name="connectionId"/>: <c>X-API-KEY</c> and <c>connId</c>.</summary>
    public (string Name, string Value)[] BackendHeaders(string connectionId) => [("X-API-KEY", PublishKey), ("connId", connectionId)];

    /// <summary>POSTs <paramref name="body"/> as <c>application/json</c> to <paramref name="path"/> with <paramref name="headers"/>.</summary>
    public Task<HttpAnswer> PostAsync(string path, string body, params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Post, path, body, headers);

    /// <summary>Sends one HTTP request; <paramref name="body"/>, when not null, goes as <c>application/json</c>.</summary>
    public Task<HttpAnswer> SendAsync(HttpMethod method, string path, string? body, params (string Name, string Value)[] headers) =>
        SendAsync(method, path, body is null ? null : Encoding.UTF8.GetBytes(body), headers);

    /// <summary>POSTs <paramref name="body"/> byte for byte (text that may not be valid UTF-8) as <c>application/json</c>.</summary>
    public Task<HttpAnswer> PostBytesAsync(string path, byte[] body, params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Post, path, body, headers);

    private async Task<HttpAnswer> SendAsync(HttpMethod method, string path, byte[]? body, (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await HttpAnswer.ReadAsync(await HttpClient.SendAsync(request));
    }

    /// <summary>POSTs <paramref name="json"/> to <c>/api/v1/publish</c> with the publish key (or <paramref name="apiKey"/>).</summary>
    public Task<HttpAnswer> PublishJsonAsync(string json, string? apiKey = null) =>
        PostAsync("/api/v1/publish", json, ("X-API-KEY", apiKey ?? PublishKey));

    /// <summary>POSTs <c>{"topic":topic,"data":data}</c> to the publish API and asserts <c>202 {"accepted":1}</c>.</summary>
    public async Task PublishAsync(string topic, JsonNode? data)
    {
        var answer = await PublishJsonAsync(new JsonObject { ["topic"] = topic, ["data"] = data?.DeepClone() }.ToJsonString());
        answer.AssertStatus(202);
        JsonAssert.Equal("""{"accepted":1}""", answer.Json);
    }

    /// <summary>Stops the gateway as a host shutdown does, bounded by <see cref="TestTimeouts.Default"/>.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        using var timeout = new CancellationTokenSource(TestTimeouts.CleanUp);
        await _app.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        HttpClient.Dispose();
        try
        {
            await StopAsync();
        }
        finally
        {
            await _app.DisposeAsync().AsTask().WaitAsync(TestTimeouts.CleanUp);
        }
    }

    private static string ConfigurationJson(TestGatewayOptions options)
    {
        var section = new JsonObject
        {
            ["Publish"] = new JsonObject { ["ApiKey"] = options.PublishKey },

            // The admin API is not under test here, and its fixed default port would collide between parallel gateways.
            ["Admin"] = new JsonObject { ["Enabled"] = false },

            // Routes come from this configuration only, never from a store another gateway wrote.
            ["Storage"] = new JsonObject { ["Provider"] = "memory" },
            ["Security"] = new JsonObject { ["TokenSecret"] = TokenSecret },
            ["Limits"] = options.Limits.DeepClone(),
            ["Routes"] = options.Routes.DeepClone(),
        };
        Merge(section, options.Settings);
        return new JsonObject { ["SignalRPub"] = section }.ToJsonString();
    }

    private static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (name, value) in source)
        {
            if (value is JsonObject inner && target[name] is JsonObject existing)
            {
                Merge(existing, inner);
            }
            else
            {
                target[name] = value?.DeepClone();
            }
        }
    }
}
