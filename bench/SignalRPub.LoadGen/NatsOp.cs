namespace SignalRPub.LoadGen;

/// <summary>
/// One operation read from the start of a buffer: its kind, where its payload (a <c>MSG</c>'s bytes, an
/// <c>INFO</c>'s JSON, an <c>-ERR</c>'s text) lies in the buffer, and how many bytes the whole operation took.
/// </summary>
internal readonly record struct NatsOp(NatsOpKind Kind, int PayloadStart, int PayloadLength, int Length);
