using System.Text.Json;
using Microsoft.Extensions.Logging;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Fuzzing;

/// <summary>The invariants every fuzzed answer must keep, whatever the input (PROTOCOL.md §4, §5, §8).</summary>
internal static class FuzzAssert
{
    /// <summary>
    /// The error codes of PROTOCOL.md §8 and their statuses; null for <c>upstream_rejected</c>, which carries the
    /// upstream's. <c>internal</c> is missing on purpose: no input may cause it.
    /// </summary>
    private static readonly Dictionary<string, int?> s_codes = new()
    {
        ["invalid_json"] = 400,
        ["bad_request"] = 400,
        ["invalid_topic"] = 400,
        ["too_many_topics"] = 400,
        ["payload_too_large"] = 413,
        ["unauthorized"] = 401,
        ["not_registered"] = 401,
        ["forbidden"] = 403,
        ["not_found"] = 404,
        ["method_not_allowed"] = 405,
        ["upgrade_required"] = 426,
        ["upstream_rejected"] = null,
        ["upstream_unavailable"] = 502,
        ["upstream_timeout"] = 504,
        ["unavailable"] = 503,
        ["rate_limited"] = 429,
    };

    /// <summary>
    /// Asserts that the gateway has logged nothing at <see cref="LogLevel.Error"/> or above: an exception that reaches
    /// a log (or SignalR's) is a bug, whatever the input that caused it.
    /// </summary>
    public static void NoErrorLogged(CapturedLogs logs)
    {
        var errors = logs.Lines.Where(line => line.Level >= LogLevel.Error).ToList();
        Assert.True(errors.Count == 0, $"The gateway logged {errors.Count} error(s), the first: {errors.FirstOrDefault().Category}: {errors.FirstOrDefault().Text}");
    }

    /// <summary>Asserts that <paramref name="body"/> is <c>{"error":{"code","message"}}</c> with a §8 code whose status is <paramref name="status"/>.</summary>
    public static void ErrorBody(JsonElement body, int status)
    {
        var error = JsonAssert.Property(body, "error");
        var code = JsonAssert.Property(error, "code");
        Assert.True(code.ValueKind == JsonValueKind.String && s_codes.ContainsKey(code.GetString()!), $"Status {status} with an error code not in PROTOCOL.md §8: {body.GetRawText()}");
        Assert.Equal(JsonValueKind.String, JsonAssert.Property(error, "message").ValueKind);
        if (s_codes[code.GetString()!] is { } expected)
        {
            Assert.True(expected == status, $"The code {code.GetString()} goes with {expected}, not {status}: {body.GetRawText()}");
        }
        else
        {
            // upstream_rejected: the upstream's own refusal (any status but success), with its answer.
            Assert.True(status is >= 300 and <= 599, $"upstream_rejected with status {status}: {body.GetRawText()}");
            JsonAssert.Property(body, "upstream");
        }
    }

    /// <summary>
    /// Asserts that <paramref name="response"/> is the one response frame to a request <paramref name="expected"/>
    /// describes: its <c>msgId</c>, a status other than 500, and a success body or a §8 error body. Returns the status.
    /// </summary>
    public static int Response(JsonElement response, FrameExpectation expected)
    {
        Assert.Equal("response", JsonAssert.Property(response, "type").GetString());
        var msgId = JsonAssert.Property(response, "msgId");
        Assert.True(
            FuzzJson.Equivalent(expected.MsgId, msgId, expected.AsMessagePack),
            $"Expected the msgId {expected.MsgId.GetRawText()} but got {msgId.GetRawText()} in {response.GetRawText()}.");
        var statusElement = JsonAssert.Property(response, "status");
        var status = statusElement.ValueKind == JsonValueKind.Number && statusElement.TryGetInt32(out var number) ? number : -1;
        Assert.True(status >= 0, $"No status: {response.GetRawText()}");
        var body = JsonAssert.Property(response, "body");
        Assert.True(status != 500, $"A 500: {response.GetRawText()}");
        if (status >= 300)
        {
            ErrorBody(body, status);
        }
        else
        {
            Assert.True(status == 200 && body.ValueKind == JsonValueKind.Object, $"A success must be 200 with an object: {response.GetRawText()}");
            JsonAssert.Property(body, "upstream");
        }

        return status;
    }

    /// <summary>
    /// Asserts <paramref name="response"/> (see <see cref="Response"/>) as the answer on a connection whose topic set was
    /// <paramref name="before"/>, and returns the set it must hold now: unchanged after a refusal or a registration
    /// (which keeps <paramref name="connectionId"/>), the answer's <c>topics</c> after a subscription, which for the
    /// routes without an upstream only adds (<c>sub_add</c>) or only removes (<c>sub_delete</c>).
    /// <paramref name="disconnected"/> tells that a <c>disconnect</c> succeeded; <paramref name="outcome"/> names the answer.
    /// </summary>
    public static string[] TopicsAfter(
        JsonElement response,
        FrameExpectation expected,
        string[] before,
        string connectionId,
        out bool disconnected,
        out string outcome)
    {
        disconnected = false;
        var status = Response(response, expected);
        var body = JsonAssert.Property(response, "body");
        if (status != 200)
        {
            outcome = $"{status} {body.GetProperty("error").GetProperty("code").GetString()}";
            return before;
        }

        Assert.True(expected.IsReadable && expected.Path is not null, $"A 200 to a frame that cannot be read: {response.GetRawText()}");
        var success = Success(body);
        if (success.ConnectionId is { } id)
        {
            Assert.Equal(connectionId, id);
            outcome = "200 register";
            return before;
        }

        if (success.IsDisconnect)
        {
            Assert.Contains(expected.Path, FuzzRoutes.DisconnectPaths);
            disconnected = true;
            outcome = "200 disconnect";
            return before;
        }

        var after = success.Topics!;
        outcome = $"200 {expected.Path}";
        if (expected.Path is SeedUris.SubAdd or FuzzRoutes.Add or FuzzRoutes.Anywhere)
        {
            Assert.True(before.All(after.Contains), $"sub_add removed topics: [{string.Join(", ", before)}] -> {body.GetRawText()}");
        }
        else if (expected.Path is SeedUris.SubDelete or FuzzRoutes.Delete)
        {
            Assert.True(after.All(before.Contains), $"sub_delete added topics: [{string.Join(", ", before)}] -> {body.GetRawText()}");
        }
        else if (expected.Path == FuzzRoutes.Put)
        {
            Assert.Contains(FuzzRoutes.Narrowed, after);
        }

        return after;
    }

    /// <summary>
    /// The kind of a 200 body: the topic set after a subscription action (sorted ordinally, without duplicates), the
    /// registration, or the answer to a <c>disconnect</c>.
    /// </summary>
    public static FuzzSuccess Success(JsonElement body)
    {
        if (body.TryGetProperty("topics", out var topics))
        {
            var set = Frames.TopicsOf(body);
            Assert.True(set.SequenceEqual(set.Order(StringComparer.Ordinal).Distinct()), $"Topics not sorted ordinally, or repeated: {body.GetRawText()}");
            return new FuzzSuccess(set, null);
        }

        if (body.TryGetProperty("connectionId", out var connectionId))
        {
            Assert.Equal(JsonValueKind.String, JsonAssert.Property(body, "connectionToken").ValueKind);
            return new FuzzSuccess(null, connectionId.GetString());
        }

        Assert.True(body.EnumerateObject().Count() == 1, $"A disconnect answer is {{\"upstream\":…}}: {body.GetRawText()}");
        return new FuzzSuccess(null, null);
    }
}
