namespace SignalRPub.FunctionalTests.Fuzzing;

/// <summary>What a <see cref="JsonMutation"/> does to the node it targets; the result is always well-formed JSON.</summary>
internal enum JsonMutationKind
{
    /// <summary>Removes the node from its object or array (the whole document becomes <c>null</c>).</summary>
    Remove,

    /// <summary>Puts the mutation's value in its place: another type, an odd string, a number no type holds.</summary>
    Replace,

    /// <summary>Puts a copy of the node in place of another node: a field where it does not belong, or twice.</summary>
    Copy,

    /// <summary>Wraps the node in levels of arrays and objects, around and beyond the gateway's depth limits.</summary>
    Nest,

    /// <summary>Renames the member (when the node is an object member) to an odd name.</summary>
    Rename,
}
