using Microsoft.AspNetCore.Http;
using SignalRPub.Actions;
using SignalRPub.Internal;
using SignalRPub.Protocol;
using SignalRPub.RawWebSockets;
using SignalRPub.Routing;

namespace SignalRPub.Http;

/// <summary>Serves every path of the route table: WebSocket entries and HTTP actions, looked up per request.</summary>
internal sealed class GatewayRouteEndpoint(RouteTableProvider routes, RawWebSocketEndpoint entries, HttpActionEndpoint actions)
{
    public Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var route = routes.Current.FindByUri(path);
        if (route is null)
        {
            return HttpAnswers.ErrorAsync(context, ErrorCodes.NotFound, $"no route for '{path}'");
        }

        return route.IsEntry ? entries.HandleAsync(context, route) : actions.HandleAsync(context, route);
    }
}
