namespace SignalRPub.Actions;

/// <summary>A change of a connection's groups could not be made (and what was made of it was undone): nothing changed.</summary>
internal sealed class GroupChangeFailedException(Exception inner)
    : Exception("The connection's groups could not be changed; nothing was changed.", inner);
