using SignalRPub.Routing;

namespace SignalRPub.Tests.TestSupport;

/// <summary>Route and upstream values as the parsers should produce them.</summary>
internal static class TestRoutes
{
    public static UpstreamConfig Upstream(params UpstreamNode[] nodes) => new() { Nodes = nodes, Retries = nodes.Length - 1 };

    public static UpstreamConfig MockUpstream { get; } = Upstream(new UpstreamNode("mock-ms1975", 1975, 1));

    public static RouteConfig Entry(string id, string uri) => new() { Id = id, Uri = uri, IsEntry = true };

    public static RouteConfig Action(string id, string uri, RouteAction action, string? superiorId = null, UpstreamConfig? upstream = null) => new()
    {
        Id = id,
        Uri = uri,
        Action = action,
        SuperiorId = superiorId,
        Upstream = upstream,
        Labels = superiorId is null
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { ["superior_id"] = superiorId },
    };
}
