using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SignalRPub.Tests.TestSupport;

/// <summary>Compares JSON by content, ignoring whitespace, and reads the error bodies of PROTOCOL.md §8.</summary>
internal static class JsonAssert
{
    public static void Equal(string expected, ReadOnlyMemory<byte> actual) =>
        Assert.Equal(Normalize(expected), Normalize(Encoding.UTF8.GetString(actual.Span)));

    public static void Equal(string expected, string actual) => Assert.Equal(Normalize(expected), Normalize(actual));

    /// <summary>The <c>error.code</c> of an error body.</summary>
    public static string? ErrorCode(ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("error").GetProperty("code").GetString();
    }

    /// <summary>Asserts <paramref name="body"/> is an error body with <paramref name="code"/> and a non-empty message.</summary>
    public static void IsError(string code, ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body);
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    /// <summary>The raw JSON of one member of a JSON object.</summary>
    public static string Member(ReadOnlyMemory<byte> json, string name)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty(name).GetRawText();
    }

    private static string Normalize(string json) => JsonNode.Parse(json)?.ToJsonString() ?? "null";
}
