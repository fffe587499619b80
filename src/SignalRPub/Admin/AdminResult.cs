using System.Text.Json.Nodes;

namespace SignalRPub.Admin;

/// <summary>The outcome of an admin change: an HTTP status and the APISIX-shaped body.</summary>
internal sealed record AdminResult(int Status, JsonNode Body)
{
    public static AdminResult Error(int status, string message) => new(status, new JsonObject { ["error_msg"] = message });
}
