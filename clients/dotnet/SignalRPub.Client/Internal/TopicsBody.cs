using System.Text.Json.Serialization;

namespace SignalRPub.Client.Internal;

/// <summary><c>{"topics":[…],"data"}</c>; <c>data</c> is written even when null.</summary>
internal sealed record TopicsBody(IReadOnlyCollection<string> Topics, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] object? Data);
