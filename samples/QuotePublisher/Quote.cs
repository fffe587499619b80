namespace SignalRPub.Samples.QuotePublisher;

/// <summary>
/// One quote as published (the data the demo page reads): <c>{"last","bid","ask","volume","ts"}</c>, with <c>ts</c> the
/// Unix time in milliseconds when it was published.
/// </summary>
internal sealed record Quote(double Last, double Bid, double Ask, long Volume, long Ts);
