using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Clients.Js;

/// <summary>
/// What one JavaScript test file runs against: a gateway with <see cref="JsTestRoutes"/>, and a control listener through
/// which the test stops and starts that gateway on the same port (<c>POST /stop</c>, <c>POST /start</c>,
/// <c>POST /restart</c>) to drop its clients, and makes the upstream refuse every register (<c>POST /deny-registers</c>,
/// <c>POST /allow-registers</c>).
/// </summary>
internal sealed class JsTestServer : IAsyncDisposable
{
    private readonly FakeForwarder _forwarder = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private WebApplication? _control;
    private TestGateway? _gateway;
    private int _port;
    private volatile bool _denyRegisters;

    private JsTestServer()
    {
        _forwarder.AnswerWith((request, cancellationToken) => JsTestRoutes.AnswerAsync(request, _denyRegisters, cancellationToken));
    }

    /// <summary>The gateway listener, e.g. <c>http://127.0.0.1:40123</c> (no trailing slash).</summary>
    public string GatewayUrl => $"http://127.0.0.1:{_port}";

    public string PublishKey => TestGateway.DefaultPublishKey;

    /// <summary>The control listener, e.g. <c>http://127.0.0.1:40124</c>.</summary>
    public string ControlUrl { get; private set; } = "";

    public static async Task<JsTestServer> StartAsync()
    {
        var server = new JsTestServer();
        try
        {
            await server.StartGatewayAsync();
            await server.StartControlAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_control is not null)
        {
            using var timeout = new CancellationTokenSource(TestTimeouts.CleanUp);
            await _control.StopAsync(timeout.Token);
            await _control.DisposeAsync();
        }

        await StopGatewayAsync();
        _gate.Dispose();
    }

    private async Task StartGatewayAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _gateway ??= await TestGateway.StartAsync(options =>
            {
                options.Routes = JsTestRoutes.All();
                options.Forwarder = _forwarder;
                options.Port = _port;
            });
            _port = _gateway.BaseUri.Port;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task StopGatewayAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_gateway is { } gateway)
            {
                _gateway = null;
                await gateway.DisposeAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task StartControlAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/stop", async () =>
        {
            await StopGatewayAsync();
            return Results.NoContent();
        });
        app.MapPost("/start", async () =>
        {
            await StartGatewayAsync();
            return Results.NoContent();
        });
        app.MapPost("/restart", async () =>
        {
            await StopGatewayAsync();
            await StartGatewayAsync();
            return Results.NoContent();
        });
        app.MapPost("/deny-registers", () =>
        {
            _denyRegisters = true;
            return Results.NoContent();
        });
        app.MapPost("/allow-registers", () =>
        {
            _denyRegisters = false;
            return Results.NoContent();
        });
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        await app.StartAsync(timeout.Token);
        _control = app;
        ControlUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }
}
