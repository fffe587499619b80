namespace SignalRPub.FunctionalTests.Fuzzing;

/// <summary>How a <see cref="TextMutation"/> breaks serialized JSON in ways no JSON object model can express.</summary>
internal enum TextMutationKind
{
    /// <summary>Bytes that are not UTF-8 inside a string or property name.</summary>
    InvalidUtf8,

    /// <summary>A lone surrogate escape (<c>\udc00</c>) inside a string or property name: valid syntax, invalid text.</summary>
    LoneSurrogate,

    /// <summary>An object member written twice (<c>{"uri":"/a","uri":"/a"}</c>).</summary>
    DuplicateMember,

    /// <summary>The text cut short.</summary>
    Truncate,

    /// <summary>One structural character (<c>{</c>, <c>]</c>, <c>,</c>, <c>:</c>, <c>"</c>) inserted somewhere.</summary>
    Splice,
}
