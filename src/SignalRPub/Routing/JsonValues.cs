using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SignalRPub.Routing;

/// <summary>
/// Reads scalar values that may arrive as JSON numbers or, from configuration providers, as strings.
/// </summary>
internal static class JsonValues
{
    public static bool TryGetString(JsonNode? node, out string value)
    {
        value = string.Empty;
        if (node is not JsonValue scalar)
        {
            return false;
        }

        switch (scalar.GetValueKind())
        {
            case JsonValueKind.String:
                value = scalar.GetValue<string>();
                return true;
            case JsonValueKind.Number:
                value = scalar.ToJsonString();
                return true;
            default:
                return false;
        }
    }

    public static bool TryGetDouble(JsonNode? node, out double value)
    {
        value = 0;
        if (node is not JsonValue scalar)
        {
            return false;
        }

        return scalar.GetValueKind() switch
        {
            JsonValueKind.Number => scalar.TryGetValue(out value) || double.TryParse(scalar.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value),
            JsonValueKind.String => double.TryParse(scalar.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }

    public static bool TryGetInt(JsonNode? node, out int value)
    {
        value = 0;
        if (!TryGetDouble(node, out var number) || number != Math.Floor(number) || number is < int.MinValue or > int.MaxValue)
        {
            return false;
        }

        value = (int)number;
        return true;
    }
}
