using Microsoft.Extensions.DependencyInjection.Extensions;
using SignalRPub.Samples.MockUpstream;

var builder = WebApplication.CreateSlimBuilder(args);

// --urls and ASPNETCORE_URLS both arrive as "urls"; only without them does the section's own setting apply.
if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
{
    var urls = builder.Configuration[$"{MockUpstreamOptions.SectionName}:{nameof(MockUpstreamOptions.Urls)}"];
    builder.WebHost.UseUrls(string.IsNullOrWhiteSpace(urls) ? MockUpstreamOptions.DefaultUrls : urls);
}

builder.Services.AddOptions<MockUpstreamOptions>()
    .BindConfiguration(MockUpstreamOptions.SectionName)
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.AddSingleton<MockUpstreamHandler>();

var app = builder.Build();
app.MapGet("/healthz", () => Results.Text("ok"));
app.MapPost("/{**path}", (HttpContext context, MockUpstreamHandler handler) => handler.HandleAsync(context));
app.Lifetime.ApplicationStarted.Register(() => app.Services.GetRequiredService<MockUpstreamHandler>().LogOptions());
app.Run();
