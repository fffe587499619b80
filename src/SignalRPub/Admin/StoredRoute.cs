using System.Text.Json.Nodes;
using SignalRPub.Routing;

namespace SignalRPub.Admin;

/// <summary>A route as stored: the object the operator sent (with <c>id</c>, <c>create_time</c>, <c>update_time</c>) and its parsed form.</summary>
internal sealed record StoredRoute(string Id, JsonObject Value, RouteConfig Config);
