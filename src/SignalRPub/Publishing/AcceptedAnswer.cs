using System.Text.Json.Serialization;

namespace SignalRPub.Publishing;

/// <summary>The publish API's answer: how many messages (one per topic) were accepted.</summary>
internal sealed record AcceptedAnswer([property: JsonPropertyName("accepted")] int Accepted);
