using System.Text.Json.Nodes;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>Route bodies for the admin API: the shapes of <see cref="TestRoutes"/>, without <c>id</c> (the path names it).</summary>
internal static class AdminRoutes
{
    /// <summary>An entry route on <paramref name="uri"/>.</summary>
    public static string Entry(string uri = SeedUris.Entry) => WithoutId(TestRoutes.Entry("-", uri));

    /// <summary>An action route applied locally, owned by entry <paramref name="superiorId"/> when it is not null.</summary>
    public static string Action(string uri, string action, string? superiorId = SeedUris.EntryId) =>
        WithoutId(TestRoutes.Action("-", uri, action, superiorId));

    /// <summary>An action route asking <paramref name="upstream"/>, owned by entry <paramref name="superiorId"/> when it is not null.</summary>
    public static string Action(string uri, string action, JsonObject upstream, string? superiorId = SeedUris.EntryId) =>
        WithoutId(UpstreamRoutes.WithUpstream(TestRoutes.Action("-", uri, action, superiorId), upstream));

    private static string WithoutId(JsonObject route)
    {
        route.Remove("id");
        return route.ToJsonString();
    }
}
