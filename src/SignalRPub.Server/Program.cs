var builder = WebApplication.CreateSlimBuilder(args);

var gatewayUrls = builder.Configuration["SignalRPub:Gateway:Urls"];
builder.WebHost.UseUrls(string.IsNullOrWhiteSpace(gatewayUrls) ? "http://127.0.0.1:9080" : gatewayUrls);
builder.Services.AddSignalRPub(builder.Configuration);

// A cluster when SignalRPub:Redis:Configuration is set; a single node without Redis otherwise.
builder.Services.AddSignalRPubRedis(builder.Configuration);

var app = builder.Build();
app.MapSignalRPub();
app.Run();
