using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Connections.Features;

namespace SignalRPub.RawWebSockets;

/// <summary>Lets <c>Context.GetHttpContext()</c> work for raw connections, as it does for SignalR's transports.</summary>
internal sealed class HttpContextFeature(HttpContext httpContext) : IHttpContextFeature
{
    public HttpContext? HttpContext { get; set; } = httpContext;
}
