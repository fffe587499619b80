using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>
/// Turns what the SignalR MessagePack protocol hands an untyped handler (maps as <c>Dictionary&lt;object, object&gt;</c>,
/// arrays as <c>object[]</c>, integers of any width) into JSON, so that tests assert the same way for both protocols.
/// </summary>
internal static class MessagePackValues
{
    public static JsonElement ToJson(object? value) => JsonSerializer.SerializeToElement(ToNode(value));

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        byte or sbyte or short or ushort or int or uint or long => JsonValue.Create(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)),
        ulong u => JsonValue.Create(u),
        float f => JsonValue.Create(f),
        double d => JsonValue.Create(d),
        IDictionary map => ToObject(map),
        IEnumerable items => new JsonArray([.. items.Cast<object?>().Select(ToNode)]),
        _ => throw new InvalidOperationException($"Unexpected MessagePack value of type {value.GetType()}."),
    };

    private static JsonObject ToObject(IDictionary map)
    {
        var result = new JsonObject();
        foreach (DictionaryEntry entry in map)
        {
            result[Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture)!] = ToNode(entry.Value);
        }

        return result;
    }
}
