using System.Text.Json;
using System.Text.Json.Nodes;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>Checks answers of the admin API (PROTOCOL.md §9, APISIX v3 shapes).</summary>
internal static class AdminAssert
{
    private static readonly string[] s_stamps = ["id", "create_time", "update_time"];

    /// <summary>
    /// Asserts that <paramref name="entry"/> is <c>{"key":"/apisix/routes/{id}","value":…}</c> whose value is the route
    /// <paramref name="sentJson"/> plus <c>id</c>, <c>create_time</c> and <c>update_time</c>; returns the two times.
    /// </summary>
    public static (long Created, long Updated) RouteEntry(JsonElement entry, string id, string sentJson)
    {
        Assert.Equal($"/apisix/routes/{id}", JsonAssert.Property(entry, "key").GetString());
        var value = JsonAssert.Property(entry, "value");
        Assert.Equal(id, JsonAssert.Property(value, "id").GetString());
        var created = JsonAssert.Property(value, "create_time");
        var updated = JsonAssert.Property(value, "update_time");
        Assert.Equal(JsonValueKind.Number, created.ValueKind);
        Assert.Equal(JsonValueKind.Number, updated.ValueKind);
        JsonAssert.Equal(sentJson, WithoutStamps(value));
        return (created.GetInt64(), updated.GetInt64());
    }

    /// <summary>A route's value without the members the admin API adds.</summary>
    public static JsonElement WithoutStamps(JsonElement value)
    {
        var copy = JsonNode.Parse(value.GetRawText())!.AsObject();
        foreach (var name in s_stamps)
        {
            copy.Remove(name);
        }

        return JsonAssert.Parse(copy.ToJsonString());
    }

    /// <summary>Asserts <c>{"error_msg":"…"}</c> with <paramref name="status"/>; returns the message.</summary>
    public static string Error(HttpAnswer answer, int status)
    {
        answer.AssertStatus(status);
        var message = JsonAssert.Property(answer.Json, "error_msg");
        Assert.Equal(JsonValueKind.String, message.ValueKind);
        Assert.Equal(["error_msg"], answer.Json.EnumerateObject().Select(p => p.Name));
        return message.GetString()!;
    }

    /// <summary>The ids of the routes in a list answer <c>{"total":n,"list":[…]}</c>, in order, after checking <c>total</c>.</summary>
    public static string[] ListIds(HttpAnswer answer, int total)
    {
        answer.AssertStatus(200);
        Assert.Equal(total, JsonAssert.Property(answer.Json, "total").GetInt32());
        return [.. JsonAssert.Property(answer.Json, "list").EnumerateArray().Select(e => JsonAssert.Property(JsonAssert.Property(e, "value"), "id").GetString()!)];
    }
}
