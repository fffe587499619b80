namespace SignalRPub.Connections;

/// <summary>What <see cref="FrameRateLimiter.Take"/> decided about one request frame.</summary>
internal enum FrameVerdict
{
    /// <summary>Within the connection's rate: the frame runs.</summary>
    Accepted,

    /// <summary>Over the rate: the frame is answered <c>429 rate_limited</c> and does nothing.</summary>
    Refused,

    /// <summary>Over the rate for long enough: the frame is refused and the connection closed (1008).</summary>
    Flooding,
}
