using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SignalRPub.Diagnostics;

var builder = WebApplication.CreateSlimBuilder(args);

// One JSON object per log line for log shippers: Logging__Console__FormatterName=json. The slim builder otherwise
// fixes the simple formatter, whatever the configuration says.
if (string.Equals(builder.Configuration["Logging:Console:FormatterName"], "json", StringComparison.OrdinalIgnoreCase))
{
    builder.Logging.AddJsonConsole();
}

var gatewayUrls = builder.Configuration["SignalRPub:Gateway:Urls"];
builder.WebHost.UseUrls(string.IsNullOrWhiteSpace(gatewayUrls) ? "http://127.0.0.1:9080" : gatewayUrls);
builder.Services.AddSignalRPub(builder.Configuration);

// A cluster when SignalRPub:Redis:Configuration is set; a single node without Redis otherwise.
builder.Services.AddSignalRPubRedis(builder.Configuration);

// Traces and metrics over OTLP when the standard variables name a collector (OTEL_EXPORTER_OTLP_ENDPOINT, or the
// per-signal ones; OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_PROTOCOL and the rest apply as the SDK reads them).
if (OtlpConfigured(builder.Configuration))
{
    builder.Services.AddOpenTelemetry()
        .WithTracing(static tracing => tracing
            .AddSource(SignalRPubTelemetry.ActivitySourceName)
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation())
        .WithMetrics(static metrics => metrics
            .AddMeter(SignalRPubTelemetry.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddRuntimeInstrumentation())
        .UseOtlpExporter();
}

var app = builder.Build();
app.MapSignalRPub();
app.Run();

static bool OtlpConfigured(IConfiguration configuration) =>
    new[] { "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT" }
        .Any(name => !string.IsNullOrWhiteSpace(configuration[name]));
