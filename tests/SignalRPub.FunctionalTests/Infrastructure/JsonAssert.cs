using System.Text.Json;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>Assertions on JSON values, comparing structure rather than text.</summary>
internal static class JsonAssert
{
    public static JsonElement Parse(ReadOnlyMemory<byte> utf8Json)
    {
        using var document = JsonDocument.Parse(utf8Json);
        return document.RootElement.Clone();
    }

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts that <paramref name="actual"/> is the JSON value written <paramref name="expectedJson"/>.</summary>
    public static void Equal(string expectedJson, JsonElement actual)
    {
        var expected = Parse(expectedJson);
        Assert.True(JsonElement.DeepEquals(expected, actual), $"Expected JSON {expected.GetRawText()} but got {actual.GetRawText()}.");
    }

    /// <summary>Asserts that <paramref name="actual"/> is null or absent.</summary>
    public static void Null(JsonElement? actual)
    {
        Assert.True(actual is null || actual.Value.ValueKind == JsonValueKind.Null, $"Expected null but got {actual?.GetRawText()}.");
    }

    /// <summary>The property <paramref name="name"/> of <paramref name="value"/>, failing clearly when it is not there.</summary>
    public static JsonElement Property(JsonElement value, string name)
    {
        Assert.True(
            value.ValueKind == JsonValueKind.Object && value.TryGetProperty(name, out _),
            $"Expected a property '{name}' in {value.GetRawText()}.");
        return value.GetProperty(name);
    }
}
