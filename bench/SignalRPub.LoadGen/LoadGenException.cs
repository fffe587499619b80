namespace SignalRPub.LoadGen;

/// <summary>
/// A run cannot go on because of something outside the generator (Redis unreachable or answering nonsense, a
/// node refusing a publish): the program prints the message, without a stack trace, and exits with 1.
/// </summary>
internal class LoadGenException(string message, Exception? inner = null) : Exception(message, inner);
