namespace SignalRPub.Security;

/// <summary>
/// The secret connection tokens are signed with. Every node of a cluster must hold the same one: a configured
/// <c>Security:TokenSecret</c>, or else one the nodes agree on through Redis; a single node makes its own.
/// </summary>
internal interface ITokenSecret
{
    byte[] Value { get; }
}
