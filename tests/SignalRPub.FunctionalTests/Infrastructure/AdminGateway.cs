using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>
/// A <see cref="TestGateway"/> with its admin listener on a loopback port (PROTOCOL.md §9), a configured admin key,
/// and the file route store in a fresh temporary directory, deleted on dispose. It can be restarted on the same
/// directory, as a real host would be.
/// </summary>
internal sealed class AdminGateway : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key";

    private readonly Action<TestGatewayOptions>? _configure;
    private TestGateway? _gateway;
    private HttpClient? _admin;

    private AdminGateway(string dataDirectory, Action<TestGatewayOptions>? configure)
    {
        DataDirectory = dataDirectory;
        _configure = configure;
    }

    /// <summary>The data directory of the file route store.</summary>
    public string DataDirectory { get; }

    /// <summary><c>routes.json</c> in <see cref="DataDirectory"/>.</summary>
    public string RoutesFile => Path.Combine(DataDirectory, "routes.json");

    /// <summary>The running gateway (a new one after <see cref="RestartAsync"/>).</summary>
    public TestGateway Gateway => _gateway ?? throw new InvalidOperationException("The gateway is stopped.");

    /// <summary>A client of the admin listener, without a key.</summary>
    public HttpClient Admin => _admin ?? throw new InvalidOperationException("The gateway is stopped.");

    /// <summary>
    /// Starts a gateway with no configured routes (so the store starts empty), changed as <paramref name="configure"/>
    /// says; it is applied again on every restart.
    /// </summary>
    public static async Task<AdminGateway> StartAsync(Action<TestGatewayOptions>? configure = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "signalrpub-functional-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var gateway = new AdminGateway(directory, configure);
        try
        {
            await gateway.StartGatewayAsync();
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the gateway as a host shutdown does, runs <paramref name="whileStopped"/>, and starts a new one on the same directory.</summary>
    public async Task RestartAsync(Action? whileStopped = null)
    {
        await StopGatewayAsync();
        whileStopped?.Invoke();
        await StartGatewayAsync();
    }

    /// <summary>Sends one request to the admin listener with <paramref name="key"/> (none when null) in <c>X-API-KEY</c>.</summary>
    public Task<HttpAnswer> SendAsync(HttpMethod method, string path, string? body = null, string? key = AdminKey) =>
        SendBytesAsync(method, path, body is null ? null : Encoding.UTF8.GetBytes(body), key);

    /// <summary>
    /// Sends one request whose body is <paramref name="body"/> byte for byte (invalid UTF-8 included); with
    /// <paramref name="chunked"/>, without a <c>Content-Length</c>.
    /// </summary>
    public async Task<HttpAnswer> SendBytesAsync(HttpMethod method, string path, byte[]? body, string? key = AdminKey, bool chunked = false)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (chunked)
            {
                request.Headers.TransferEncodingChunked = true;
            }
        }

        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("X-API-KEY", key);
        }

        return await HttpAnswer.ReadAsync(await Admin.SendAsync(request));
    }

    /// <summary><c>PUT /apisix/admin/routes/{id}</c> with <paramref name="body"/> as given.</summary>
    public Task<HttpAnswer> PutRouteAsync(string id, string body) => SendAsync(HttpMethod.Put, $"/apisix/admin/routes/{id}", body);

    /// <summary><c>PUT /apisix/admin/routes/{id}</c>, asserting <paramref name="status"/> (201 created or 200 replaced).</summary>
    public async Task<HttpAnswer> PutRouteAsync(string id, JsonNode body, int status)
    {
        var answer = await PutRouteAsync(id, body.ToJsonString());
        answer.AssertStatus(status);
        return answer;
    }

    /// <summary>
    /// PUTs every route of <paramref name="routes"/> (objects with their <c>id</c>, as <see cref="UpstreamRoutes.Seed"/>
    /// makes them) under its id, asserting 201 or 200.
    /// </summary>
    public async Task PutRoutesAsync(JsonArray routes)
    {
        foreach (var route in routes)
        {
            var body = route!.DeepClone().AsObject();
            var id = body["id"]!.GetValue<string>();
            body.Remove("id");
            var answer = await PutRouteAsync(id, body.ToJsonString());
            Assert.True(answer.StatusCode is 200 or 201, $"PUT of route {id} answered {answer.StatusCode}: {answer.Text}");
        }
    }

    /// <summary><c>GET /apisix/admin/routes/{id}</c>.</summary>
    public Task<HttpAnswer> GetRouteAsync(string id) => SendAsync(HttpMethod.Get, $"/apisix/admin/routes/{id}");

    /// <summary><c>GET /apisix/admin/routes</c> with <paramref name="query"/> (e.g. <c>?page=2&amp;page_size=10</c>).</summary>
    public Task<HttpAnswer> ListRoutesAsync(string query = "") => SendAsync(HttpMethod.Get, $"/apisix/admin/routes{query}");

    /// <summary><c>DELETE /apisix/admin/routes/{id}</c>.</summary>
    public Task<HttpAnswer> DeleteRouteAsync(string id) => SendAsync(HttpMethod.Delete, $"/apisix/admin/routes/{id}");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopGatewayAsync();
        }
        finally
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A leftover temporary directory is harmless; a failed clean-up must not hide the test's outcome.
            }
        }
    }

    private async Task StartGatewayAsync()
    {
        _gateway = await TestGateway.StartAsync(options =>
        {
            options.Routes = [];
            options.Settings["Admin"] = new JsonObject { ["Enabled"] = true, ["Urls"] = "http://127.0.0.1:0", ["ApiKey"] = AdminKey };
            options.Settings["Storage"] = new JsonObject { ["Provider"] = "file", ["DataDirectory"] = DataDirectory };
            _configure?.Invoke(options);
        });
        _admin = new HttpClient { BaseAddress = _gateway.AdminUri, Timeout = TestTimeouts.Default };
    }

    private async Task StopGatewayAsync()
    {
        _admin?.Dispose();
        _admin = null;
        var gateway = _gateway;
        _gateway = null;
        if (gateway is not null)
        {
            await gateway.DisposeAsync();
        }
    }
}
