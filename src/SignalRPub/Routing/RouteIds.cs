namespace SignalRPub.Routing;

/// <summary>Route ids, as APISIX allows them.</summary>
internal static class RouteIds
{
    public static bool IsValid(string id) =>
        id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
