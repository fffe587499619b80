namespace SignalRPub.FunctionalTests.Fuzzing;

/// <summary>
/// What a 200 answer to an action said: the topic set after a subscription action, or the connection id of a
/// registration; neither for a <c>disconnect</c>, after which the connection closes.
/// </summary>
internal sealed record FuzzSuccess(string[]? Topics, string? ConnectionId)
{
    public bool IsDisconnect => Topics is null && ConnectionId is null;
}
