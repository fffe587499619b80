namespace SignalRPub.Redis.Tests.Infrastructure;

/// <summary>Redis answered a command with an error reply (<c>-ERR …</c>).</summary>
internal sealed class RedisErrorReplyException(string message) : Exception(message);
