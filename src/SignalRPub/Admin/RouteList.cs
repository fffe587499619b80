using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SignalRPub.Admin;

/// <summary>
/// The answer to <c>GET /apisix/admin/routes</c>: <c>{"total","list"}</c> of the routes matching <c>label</c>, in id
/// order, one page of them when <c>page_size</c> is given, paged as APISIX pages them.
/// </summary>
internal static class RouteList
{
    public const int MinPageSize = 10;
    public const int MaxPageSize = 500;

    public static AdminResult Answer(IEnumerable<StoredRoute> routes, IQueryCollection query)
    {
        var matches = WithLabel(routes, query["label"].ToString()).ToList();
        IEnumerable<StoredRoute> shown = matches;
        var pageSizeText = query["page_size"].ToString();
        if (pageSizeText.Length > 0)
        {
            if (!int.TryParse(pageSizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var pageSize) || pageSize is < MinPageSize or > MaxPageSize)
            {
                return AdminResult.Error(400, string.Create(CultureInfo.InvariantCulture, $"page_size must be an integer from {MinPageSize} to {MaxPageSize}"));
            }

            // In long, and capped at the number of matches first: the product of two large values must not wrap
            // around to a page that exists.
            var skipped = Math.Min(PageNumber(query["page"].ToString()) - 1, matches.Count) * (long)pageSize;
            shown = matches.Skip((int)Math.Min(skipped, matches.Count)).Take(pageSize);
        }

        var list = new JsonArray();
        foreach (var route in shown)
        {
            list.Add(RouteCatalog.Entry(route));
        }

        return new AdminResult(200, new JsonObject { ["total"] = matches.Count, ["list"] = list });
    }

    /// <summary><c>label=name:value</c> keeps routes whose label <c>name</c> is <c>value</c>; <c>label=name</c>, routes that have it.</summary>
    private static IEnumerable<StoredRoute> WithLabel(IEnumerable<StoredRoute> routes, string label)
    {
        if (label.Length == 0)
        {
            return routes;
        }

        var colon = label.IndexOf(':');
        var (name, value) = colon < 0 ? (label, (string?)null) : (label[..colon], label[(colon + 1)..]);
        return routes.Where(r => r.Config.Labels.TryGetValue(name, out var v) && (value is null || v == value));
    }

    /// <summary>
    /// The page asked for, from 1. As in APISIX, a page that is missing, below 1 or not a number is the first; digits
    /// beyond what a long holds ask for a page past every end.
    /// </summary>
    private static long PageNumber(string text)
    {
        if (text.Length == 0 || !text.All(char.IsAsciiDigit))
        {
            return 1;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var page) ? Math.Max(page, 1) : long.MaxValue;
    }
}
