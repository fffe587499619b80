using System.Text.Json;
using System.Text.Json.Nodes;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>Builds request frames and checks response and push frames (PROTOCOL.md §4, §5, §8).</summary>
internal static class Frames
{
    /// <summary>The body <c>{"topics":[…]}</c>.</summary>
    public static JsonObject Topics(params IEnumerable<string> topics) =>
        new() { ["topics"] = new JsonArray([.. topics.Select(t => (JsonNode?)JsonValue.Create(t))]) };

    /// <summary>
    /// A request frame shaped like the seed's: <paramref name="msgId"/> (when not null) inside the header object named
    /// <paramref name="headerName"/> (<c>header</c> or <c>headers</c>), next to <c>ts</c>, <c>Content-Type</c> and
    /// <c>client-metadata</c> and the members of <paramref name="extraHeader"/>; <paramref name="body"/> left out when null.
    /// </summary>
    public static string Request(string uri, JsonNode? body = null, JsonNode? msgId = null, string headerName = "header", string? method = null, JsonObject? extraHeader = null)
    {
        var header = new JsonObject
        {
            ["ts"] = 132132132,
            ["Content-Type"] = "json",
            ["client-metadata"] = new JsonObject(),
        };
        foreach (var (name, value) in extraHeader ?? [])
        {
            header[name] = value?.DeepClone();
        }
        if (msgId is not null)
        {
            header["msgId"] = msgId.DeepClone();
        }

        var frame = new JsonObject { ["uri"] = uri, [headerName] = header };
        if (method is not null)
        {
            frame["method"] = method;
        }

        if (body is not null)
        {
            frame["body"] = body.DeepClone();
        }

        return frame.ToJsonString();
    }

    /// <summary>Asserts that <paramref name="frame"/> is a response frame with <paramref name="status"/>.</summary>
    public static void AssertStatus(JsonElement frame, int status)
    {
        Assert.Equal("response", JsonAssert.Property(frame, "type").GetString());
        var actual = JsonAssert.Property(frame, "status");
        Assert.True(
            actual.ValueKind == JsonValueKind.Number && actual.GetInt32() == status,
            $"Expected status {status} but got the frame {frame.GetRawText()}.");
    }

    /// <summary>Asserts that <paramref name="frame"/> is an error response with <paramref name="status"/> and <paramref name="code"/>.</summary>
    public static void AssertError(JsonElement frame, int status, string code)
    {
        AssertStatus(frame, status);
        AssertErrorBody(JsonAssert.Property(frame, "body"), code);
    }

    /// <summary>Asserts that <paramref name="body"/> is <c>{"error":{"code":code,"message":"…"}}</c> (plus, maybe, <c>upstream</c>).</summary>
    public static void AssertErrorBody(JsonElement body, string code)
    {
        var error = JsonAssert.Property(body, "error");
        Assert.True(
            JsonAssert.Property(error, "code").ValueKind == JsonValueKind.String && error.GetProperty("code").GetString() == code,
            $"Expected the error code '{code}' but got {body.GetRawText()}.");
        Assert.Equal(JsonValueKind.String, JsonAssert.Property(error, "message").ValueKind);
    }

    /// <summary>The body of a response frame.</summary>
    public static JsonElement Body(JsonElement frame) => JsonAssert.Property(frame, "body");

    /// <summary>Asserts a 200 response and returns its <c>body.topics</c>.</summary>
    public static string[] Topics(JsonElement frame)
    {
        AssertStatus(frame, 200);
        return TopicsOf(Body(frame));
    }

    /// <summary>The strings of <c>topics</c> in a success body.</summary>
    public static string[] TopicsOf(JsonElement body)
    {
        var topics = JsonAssert.Property(body, "topics");
        Assert.Equal(JsonValueKind.Array, topics.ValueKind);
        return [.. topics.EnumerateArray().Select(t => t.GetString()!)];
    }

    /// <summary>Asserts that <paramref name="frame"/> is <c>{"type":"push","topic":topic,"data":data}</c>.</summary>
    public static void AssertPush(JsonElement frame, string topic, string dataJson)
    {
        Assert.Equal("push", JsonAssert.Property(frame, "type").GetString());
        Assert.Equal(topic, JsonAssert.Property(frame, "topic").GetString());
        JsonAssert.Equal(dataJson, JsonAssert.Property(frame, "data"));
    }
}
