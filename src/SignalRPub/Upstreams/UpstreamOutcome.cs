namespace SignalRPub.Upstreams;

/// <summary>How an upstream call ended.</summary>
internal enum UpstreamOutcome
{
    /// <summary>A node answered; see the status.</summary>
    Answered,

    /// <summary>No node could be reached.</summary>
    Unavailable,

    /// <summary>The call ran past the route's timeout.</summary>
    TimedOut,

    /// <summary>The request could not be sent as the client made it; no node was asked, and none is blamed.</summary>
    Refused,
}
