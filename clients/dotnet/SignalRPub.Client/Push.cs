using System.Text.Json;

namespace SignalRPub.Client;

/// <summary>One message the gateway pushed to the connection.</summary>
/// <param name="Topic">The topic it was published to, as published (e.g. <c>hq_100001_129</c>, <c>$all</c>, <c>$conn:…</c>).</param>
/// <param name="Data">The data the publisher sent, unchanged (any JSON value).</param>
/// <param name="ReceivedAt">When the client read it from the connection.</param>
public sealed record Push(string Topic, JsonElement Data, DateTimeOffset ReceivedAt);
