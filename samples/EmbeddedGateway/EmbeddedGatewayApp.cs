using Microsoft.AspNetCore.SignalR;
using SignalRPub.Hubs;
using SignalRPub.Publishing;

namespace SignalRPub.Samples.EmbeddedGateway;

/// <summary>
/// An ordinary ASP.NET Core application that hosts the SignalRPub gateway beside endpoints of its own, and pushes to
/// the gateway's clients from its own code: through <see cref="IPublisher"/> (the gateway's API) and through
/// <see cref="IHubContext{THub}"/> of <see cref="PubHub"/> (SignalR's).
/// </summary>
public static class EmbeddedGatewayApp
{
    /// <summary>The topic <c>POST /announcements</c> pushes to through <see cref="IHubContext{THub}"/>.</summary>
    public const string AnnouncementsTopic = "announcements";

    /// <summary>The topic of order <paramref name="orderId"/>, which <c>POST /orders/{id}/notify</c> publishes to.</summary>
    public static string OrderTopic(string orderId) => $"orders.{orderId}";

    /// <summary>Builds the application from <paramref name="args"/> (command line, as <c>dotnet run</c> passes it).</summary>
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);

        // The gateway's services and options (section SignalRPub of appsettings.json: routes, keys, limits).
        builder.Services.AddSignalRPub(builder.Configuration);

        var app = builder.Build();

        // The gateway's endpoints: /hub, /api/v1/publish, /healthz and the routes (/msg-pub and the action routes).
        app.MapSignalRPub();

        app.MapGet("/", () => Results.Json(new
        {
            app = "EmbeddedGateway",
            endpoints = new[]
            {
                "POST /orders/{id}/notify?status=…  publishes to topic orders.{id} through IPublisher",
                "POST /announcements?text=…         pushes to topic announcements through IHubContext<PubHub>",
                "WebSocket /msg-pub                 raw clients (docs/protocol.md §3)",
                "SignalR /hub?entry=1               SignalR clients (docs/protocol.md §7)",
            },
        }));

        app.MapPost("/orders/{id}/notify", NotifyOrderAsync);
        app.MapPost("/announcements", AnnounceAsync);
        return app;
    }

    // Through the gateway's own API: the topic is checked, the push counted, and on a cluster it reaches every node.
    private static async Task<IResult> NotifyOrderAsync(string id, string? status, IPublisher publisher, TimeProvider clock)
    {
        var topic = OrderTopic(id);
        var data = new { orderId = id, status = status ?? "updated", at = clock.GetUtcNow().ToUnixTimeMilliseconds() };
        try
        {
            await publisher.PublishAsync(topic, data);
        }
        catch (ArgumentException ex)
        {
            return Results.BadRequest(new { error = ex.Message });
        }

        return Results.Accepted(value: new { topic });
    }

    // Through SignalR's hub context: the message must have the push shape, one argument {topic, data}, to reach raw
    // WebSocket clients too; topics are SignalR groups.
    private static async Task<IResult> AnnounceAsync(string? text, IHubContext<PubHub> hub, TimeProvider clock)
    {
        var data = new { text = text ?? "", at = clock.GetUtcNow().ToUnixTimeMilliseconds() };
        await hub.Clients.Group(AnnouncementsTopic).SendAsync("push", new { topic = AnnouncementsTopic, data });
        return Results.Accepted(value: new { topic = AnnouncementsTopic });
    }
}
