namespace SignalRPub.LoadGen;

/// <summary>Redis answered a command with an error reply (<c>-ERR ...</c>).</summary>
internal sealed class RedisErrorException(string message) : LoadGenException(message);
