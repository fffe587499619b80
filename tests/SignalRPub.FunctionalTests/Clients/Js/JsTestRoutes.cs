using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;
using SignalRPub.Upstreams;

namespace SignalRPub.FunctionalTests.Clients.Js;

/// <summary>
/// The routes the JavaScript tests use: the seed's (no upstream), plus routes whose upstream is a
/// <see cref="FakeForwarder"/> answering as <see cref="AnswerAsync"/> says. The URIs are repeated in clients/js/test/env.js.
/// </summary>
internal static class JsTestRoutes
{
    /// <summary>A second entry whose register route asks the upstream (<c>/hub?entry=2</c> for SignalR).</summary>
    public const string GuardedEntryId = "2";

    public const string GuardedEntry = "/js-guarded";

    /// <summary>
    /// Register on <see cref="GuardedEntry"/>: refused with 403 when the header <c>x-deny</c> is sent or registers are denied
    /// (<see cref="AnswerAsync"/>), else answered <c>{"userId": x-user}</c>.
    /// </summary>
    public const string GuardedRegister = "/js/guarded/register";

    /// <summary>A <c>sub_add</c> route whose upstream answers <c>{"echo": body, "trace": x-trace header}</c>.</summary>
    public const string Custom = "/js/custom";

    /// <summary>A <c>sub_add</c> route whose upstream refuses with 403 <c>{"reason":"no entitlement"}</c>.</summary>
    public const string Refused = "/js/refused";

    /// <summary>A <c>sub_add</c> route whose upstream answers only when the gateway gives up on it.</summary>
    public const string Slow = "/js/slow";

    /// <summary>The seed's routes and the routes above.</summary>
    public static JsonArray All()
    {
        var routes = TestRoutes.Seed();
        routes.Add(TestRoutes.Entry(GuardedEntryId, GuardedEntry));
        routes.Add(TestRoutes.Action("21", GuardedRegister, "register", GuardedEntryId, upstream: true));
        routes.Add(TestRoutes.Action("22", Custom, "sub_add", SeedUris.EntryId, upstream: true));
        routes.Add(TestRoutes.Action("23", Refused, "sub_add", SeedUris.EntryId, upstream: true));
        routes.Add(TestRoutes.Action("24", Slow, "sub_add", SeedUris.EntryId, upstream: true));
        return routes;
    }

    /// <summary>The upstream of every route above; with <paramref name="denyRegisters"/>, every register is refused.</summary>
    public static async ValueTask<UpstreamResult> AnswerAsync(UpstreamRequest request, bool denyRegisters, CancellationToken cancellationToken)
    {
        var path = request.PathAndQuery.Split('?')[0];
        switch (path)
        {
            case GuardedRegister when denyRegisters || Header(request, "x-deny") is not null:
                return FakeForwarder.Json(403, """{"reason":"denied by the test upstream"}""");
            case GuardedRegister:
                return FakeForwarder.Json(200, new JsonObject { ["userId"] = Header(request, "x-user") }.ToJsonString());
            case Custom:
                var echo = new JsonObject
                {
                    ["echo"] = JsonNode.Parse(Encoding.UTF8.GetString(request.Body.Span)),
                    ["trace"] = Header(request, "x-trace"),
                };
                return FakeForwarder.Json(200, echo.ToJsonString(new JsonSerializerOptions()));
            case Refused:
                return FakeForwarder.Json(403, """{"reason":"no entitlement"}""");
            case Slow:
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                return FakeForwarder.Json(200, "{}");
            default:
                return FakeForwarder.Json(500, """{"reason":"no such test route"}""");
        }
    }

    private static string? Header(UpstreamRequest request, string name) =>
        request.Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();
}
