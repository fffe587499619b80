using System.Text.Json.Nodes;

namespace SignalRPub.Samples.MockUpstream;

/// <summary>The status and JSON body the mock answers a call with.</summary>
internal readonly record struct MockAnswer(int Status, JsonObject Body)
{
    public static MockAnswer Ok() => new(StatusCodes.Status200OK, []);

    public static MockAnswer Ok(JsonObject body) => new(StatusCodes.Status200OK, body);

    public static JsonArray ToArray(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)v)]);
}
