namespace SignalRPub.Client.Internal;

/// <summary><c>{"messages":[…]}</c>.</summary>
internal sealed record MessagesBody(IReadOnlyCollection<PublishMessage> Messages);
