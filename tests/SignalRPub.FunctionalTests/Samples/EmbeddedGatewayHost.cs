using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SignalRPub.FunctionalTests.Infrastructure;
using SignalRPub.Samples.EmbeddedGateway;

namespace SignalRPub.FunctionalTests.Samples;

/// <summary>
/// samples/EmbeddedGateway started in this process as <c>dotnet run</c> starts it — its own appsettings.json (routes)
/// from the sample's folder — on a free loopback port.
/// </summary>
internal sealed class EmbeddedGatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmbeddedGatewayHost(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
        HttpClient = new HttpClient { BaseAddress = baseUri, Timeout = TestTimeouts.Default };
    }

    public Uri BaseUri { get; }

    public HttpClient HttpClient { get; }

    public static async Task<EmbeddedGatewayHost> StartAsync()
    {
        var app = EmbeddedGatewayApp.Create(["--contentRoot", SampleDirectory(), "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning"]);
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        await app.StartAsync(timeout.Token);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmbeddedGatewayHost(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public Task<RawClient> ConnectRawAsync() => RawClient.ConnectAsync(new Uri($"ws://{BaseUri.Authority}{SeedUris.Entry}"));

    public Task<HubClient> ConnectHubAsync(HubProtocolKind protocol) =>
        HubClient.ConnectAsync(new Uri(BaseUri, $"hub?entry={SeedUris.EntryId}"), protocol);

    public async ValueTask DisposeAsync()
    {
        HttpClient.Dispose();
        using var timeout = new CancellationTokenSource(TestTimeouts.CleanUp);
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }

    // The sample's folder, found from the test's output folder up to the solution.
    private static string SampleDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SignalRPub.sln")))
            {
                return Path.Combine(directory.FullName, "samples", "EmbeddedGateway");
            }
        }

        throw new InvalidOperationException($"No SignalRPub.sln above {AppContext.BaseDirectory}: cannot find samples/EmbeddedGateway.");
    }
}
