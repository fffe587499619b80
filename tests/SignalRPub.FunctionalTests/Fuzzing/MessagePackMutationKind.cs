namespace SignalRPub.FunctionalTests.Fuzzing;

/// <summary>What a <see cref="MessagePackMutation"/> does to the value it targets; the result is always well-formed MessagePack.</summary>
internal enum MessagePackMutationKind
{
    /// <summary>A string (value or map key) whose bytes are not UTF-8, written with <c>WriteString(bytes)</c>.</summary>
    InvalidUtf8String,

    /// <summary>The value wrapped in a map whose key is not a string: an integer, a boolean, nil, a float, binary, an array or a map.</summary>
    OddKey,

    /// <summary>The value wrapped in levels of arrays and maps, around and beyond the gateway's depth limit.</summary>
    Nest,

    /// <summary>The value replaced by one JSON has no form for: binary, an extension, a timestamp, NaN, infinities, the integer extremes.</summary>
    OddScalar,
}
