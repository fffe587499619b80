using SignalRPub.Samples.QuotePublisher;

// A worker without an HTTP listener of its own: it only publishes (settings: section "QuotePublisher", README.md).
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
builder.Services.AddQuotePublisher(builder.Configuration);
await builder.Build().RunAsync();
