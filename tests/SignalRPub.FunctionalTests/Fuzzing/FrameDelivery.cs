namespace SignalRPub.FunctionalTests.Fuzzing;

/// <summary>How a <see cref="FuzzFrame"/> goes on the wire of a raw WebSocket.</summary>
internal enum FrameDelivery
{
    /// <summary>One text message in one WebSocket frame.</summary>
    Whole,

    /// <summary>One text message cut into two or three WebSocket frames, wherever the cut falls (inside a UTF-8 sequence too).</summary>
    Fragmented,

    /// <summary>A binary message: closes the socket with 1003 (PROTOCOL.md §8).</summary>
    Binary,

    /// <summary>A text message one byte or more over <c>MaxFrameBytes</c>: closes the socket with 1009 (PROTOCOL.md §8).</summary>
    Oversized,
}
