using System.Diagnostics;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace SignalRPub.Redis.Tests.Infrastructure;

/// <summary>
/// One gateway node: the real <c>SignalRPub.Server</c> executable in a process of its own, on two loopback ports of its
/// own (gateway and admin listener), so that a test can kill it without its shutdown running
/// (<see cref="KillAsync"/>) as well as stop it (<see cref="StopAsync"/>) and start it again on the same ports.
/// </summary>
/// <remarks>
/// It runs in a temporary directory of its own holding its <c>appsettings.json</c> (routes, limits, logging); the
/// listeners, keys, storage (<c>memory</c>) and whatever the test adds are environment variables. Its log is kept
/// (<see cref="Output"/>), written to the test's output at dispose and put into the message of a failed start.
/// </remarks>
internal sealed class GatewayNode : IGatewayUnderTest, IAsyncDisposable
{
    public const string DefaultPublishKey = "test-publish-key";

    public const string DefaultAdminKey = "test-admin-key";

    /// <summary>The key of the <see cref="AssemblyMetadataAttribute"/> the project file writes with the server's path.</summary>
    private const string ServerPathMetadata = "SignalRPub.Server";

    // No pooled connection outlives a probe: the next one may reach a restarted process on the same port.
    private static readonly HttpClient Probe = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = Timeout.InfiniteTimeSpan };

    private static readonly Lazy<string> ServerPath = new(() =>
    {
        var path = typeof(GatewayNode).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == ServerPathMetadata)?.Value;
        return path is not null && File.Exists(path)
            ? path
            : throw new InvalidOperationException($"SignalRPub.Server.dll is not where the build said it would be ('{path}'); build the solution first.");
    });

    private readonly GatewayNodeOptions _options;
    private readonly string _directory;
    private readonly ITestOutputHelper? _testOutput;
    private ChildProcess? _process;

    private GatewayNode(GatewayNodeOptions options, string directory, ITestOutputHelper? testOutput)
    {
        _options = options;
        _directory = directory;
        _testOutput = testOutput;
        BaseUri = new Uri($"http://127.0.0.1:{LoopbackPorts.Take()}/");
        AdminUri = new Uri($"http://127.0.0.1:{LoopbackPorts.Take()}/");
        HttpClient = new HttpClient { BaseAddress = BaseUri, Timeout = TestTimeouts.Default };
        AdminClient = new HttpClient { BaseAddress = AdminUri, Timeout = TestTimeouts.Default };
        AdminClient.DefaultRequestHeaders.Add("X-API-KEY", options.AdminKey);
    }

    /// <summary>The name the test gave the node, e.g. <c>a</c>.</summary>
    public string Name => _options.Name;

    /// <summary>The gateway listener, e.g. <c>http://127.0.0.1:20123/</c>; the same across restarts.</summary>
    public Uri BaseUri { get; }

    /// <summary>The admin listener, e.g. <c>http://127.0.0.1:20124/</c>; the same across restarts.</summary>
    public Uri AdminUri { get; }

    /// <summary>A client of <see cref="BaseUri"/>.</summary>
    public HttpClient HttpClient { get; }

    /// <summary>A client of <see cref="AdminUri"/> sending the admin key.</summary>
    public HttpClient AdminClient { get; }

    public string PublishKey => _options.PublishKey;

    public string AdminKey => _options.AdminKey;

    /// <summary>The node's log (one line per entry), across restarts.</summary>
    public ProcessOutput Output { get; } = new();

    /// <summary>The id of the node's current process.</summary>
    public int ProcessId => (_process ?? throw new InvalidOperationException("The node was never started.")).Id;

    /// <summary>Whether the node's process runs now.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>
    /// Starts a node (with the seed's routes unless <paramref name="configure"/> says otherwise) and waits until its
    /// gateway and admin listeners answer. With <paramref name="testOutput"/>, its log is written there at dispose.
    /// </summary>
    public static async Task<GatewayNode> LaunchAsync(Action<GatewayNodeOptions>? configure = null, ITestOutputHelper? testOutput = null)
    {
        var options = new GatewayNodeOptions();
        configure?.Invoke(options);
        var directory = Directory.CreateTempSubdirectory("signalrpub-node-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "appsettings.json"), AppSettingsJson(options));
        var node = new GatewayNode(options, directory, testOutput);
        try
        {
            await node.StartAsync();
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the node (again) on its ports and waits until <c>/healthz</c> and the admin API answer.</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"Node {Name} is running already.");
        }

        var start = new ProcessStartInfo(DotnetHost()) { WorkingDirectory = _directory };
        start.ArgumentList.Add(ServerPath.Value);
        SetEnvironment(start.Environment);
        _process = ChildProcess.Start(start, Output);
        await _process.WaitUntilReadyAsync(AnswersAsync, $"node {Name} to answer on {BaseUri}healthz and {AdminUri}apisix/admin/routes");
    }

    /// <summary>Kills the node (SIGKILL): none of its shutdown runs, its sockets drop without a close frame.</summary>
    public Task KillAsync() => Running().KillAsync();

    /// <summary>Stops the node as a service manager does (SIGTERM, a graceful shutdown) and waits, bounded, until it has exited.</summary>
    public Task StopAsync() => Running().TerminateAsync(TestTimeouts.Default);

    /// <summary>Stops the node gracefully and starts it again on the same ports.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <summary>
    /// Waits for a log line that <paramref name="match"/> accepts, among the lines from <paramref name="since"/> on
    /// (an <see cref="ProcessOutput.Count"/> taken before the action that should log it; 0: all of them).
    /// </summary>
    public Task<string> WaitForLogAsync(Func<string, bool> match, string what, long since = 0, TimeSpan? timeout = null) =>
        Output.WaitForLineAsync(match, $"{what} in the log of node {Name}", since, timeout);

    /// <summary>The <c>ws://</c> address of <paramref name="pathAndQuery"/> on this node.</summary>
    public Uri WsUri(string pathAndQuery = SeedUris.Entry) => new($"ws://{BaseUri.Authority}{pathAndQuery}");

    /// <summary>The hub's address for a connection of entry <paramref name="entry"/> (none when null).</summary>
    public Uri HubUri(string? entry = SeedUris.EntryId) =>
        new(BaseUri, entry is null ? "hub" : $"hub?entry={Uri.EscapeDataString(entry)}");

    /// <summary>Opens a raw WebSocket on the entry route <paramref name="path"/>.</summary>
    public Task<RawClient> ConnectAsync(string path = SeedUris.Entry, bool receive = true) => RawClient.ConnectAsync(WsUri(path), receive);

    /// <summary>Opens a raw WebSocket on the entry route <paramref name="path"/> and registers it.</summary>
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
        SendAsync(HttpClient, HttpMethod.Post, path, body, headers);

    /// <summary>Sends one HTTP request to the gateway listener; <paramref name="body"/>, when not null, goes as <c>application/json</c>.</summary>
    public Task<HttpAnswer> SendAsync(HttpMethod method, string path, string? body, params (string Name, string Value)[] headers) =>
        SendAsync(HttpClient, method, path, body, headers);

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

    /// <summary>Sends one request to the admin listener with the admin key, e.g. <c>AdminAsync(HttpMethod.Get, "/apisix/admin/routes")</c>.</summary>
    public Task<HttpAnswer> AdminAsync(HttpMethod method, string path, string? body = null) =>
        SendAsync(AdminClient, method, path, body, []);

    public async ValueTask DisposeAsync()
    {
        try
        {
            // The test has its verdict: no graceful shutdown to wait for.
            if (_process is { HasExited: false } process)
            {
                await process.KillAsync();
            }
        }
        finally
        {
            HttpClient.Dispose();
            AdminClient.Dispose();
            _testOutput?.WriteLine($"--- node {Name} (gateway {BaseUri}, admin {AdminUri}) ---{Environment.NewLine}{Output}");
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held: the directory is in the temp folder, which the machine cleans.
            }
        }
    }

    private ChildProcess Running() =>
        _process is { HasExited: false } process ? process : throw new InvalidOperationException($"Node {Name} is not running.");

    /// <summary>The <c>dotnet</c> running this test host (the SDK's, under <c>dotnet test</c>), else the one on PATH.</summary>
    private static string DotnetHost()
    {
        var sdkHost = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(sdkHost) && File.Exists(sdkHost))
        {
            return sdkHost;
        }

        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    private static async Task<HttpAnswer> SendAsync(HttpClient client, HttpMethod method, string path, string? body, (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await HttpAnswer.ReadAsync(await client.SendAsync(request));
    }

    private static string AppSettingsJson(GatewayNodeOptions options)
    {
        var section = new JsonObject
        {
            ["Limits"] = options.Limits.DeepClone(),
            ["Routes"] = options.Routes.DeepClone(),
        };
        Merge(section, options.Settings);
        return new JsonObject
        {
            // One line per entry, so that a test can await a line and a failure shows a readable log.
            ["Logging"] = new JsonObject
            {
                ["LogLevel"] = new JsonObject { ["Default"] = "Information", ["Microsoft.AspNetCore"] = "Warning" },
                ["Console"] = new JsonObject
                {
                    ["FormatterName"] = "simple",
                    ["FormatterOptions"] = new JsonObject
                    {
                        ["SingleLine"] = true,
                        ["TimestampFormat"] = "HH:mm:ss.fff ",
                        ["ColorBehavior"] = "Disabled",
                    },
                },
            },
            ["SignalRPub"] = section,
        }.ToJsonString();
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

    private void SetEnvironment(IDictionary<string, string?> environment)
    {
        // Nothing of the developer's or CI's own configuration may reach the node.
        foreach (var name in environment.Keys.Where(n =>
            n.StartsWith("SignalRPub", StringComparison.OrdinalIgnoreCase) || n.StartsWith("Logging__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            environment.Remove(name);
        }

        environment["DOTNET_ENVIRONMENT"] = "Production";
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        // Workstation GC: several nodes share the machine's two cores with the test host.
        environment["DOTNET_gcServer"] = "0";

        environment["SignalRPub__Gateway__Urls"] = BaseUri.GetLeftPart(UriPartial.Authority);
        environment["SignalRPub__Admin__Enabled"] = "true";
        environment["SignalRPub__Admin__Urls"] = AdminUri.GetLeftPart(UriPartial.Authority);
        environment["SignalRPub__Admin__ApiKey"] = _options.AdminKey;
        environment["SignalRPub__Publish__ApiKey"] = _options.PublishKey;
        environment["SignalRPub__Storage__Provider"] = "memory";
        if (_options.TokenSecret is not null)
        {
            environment["SignalRPub__Security__TokenSecret"] = _options.TokenSecret;
        }

        foreach (var (name, value) in _options.Environment)
        {
            environment[name] = value;
        }
    }

    private async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var health = await Probe.GetAsync(new Uri(BaseUri, "healthz"), cancellationToken);
            if (!health.IsSuccessStatusCode)
            {
                return false;
            }

            // The admin listener starts apart from the gateway's (a hosted service of its own).
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(AdminUri, "apisix/admin/routes"));
            request.Headers.Add("X-API-KEY", AdminKey);
            using var admin = await Probe.SendAsync(request, cancellationToken);
            return admin.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            // Not listening yet.
            return false;
        }
    }
}
