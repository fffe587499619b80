using System.Text.Json.Serialization;

namespace SignalRPub.Client.Internal;

/// <summary><c>{"topic","data"}</c>; <c>data</c> is written even when null.</summary>
internal sealed record TopicBody(string Topic, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] object? Data);
