namespace SignalRPub.Upstreams;

/// <summary>The upstream's answer: status and JSON body (empty when it sent none or no node answered).</summary>
internal readonly record struct UpstreamResult(UpstreamOutcome Outcome, int Status, ReadOnlyMemory<byte> Body)
{
    public bool IsSuccess => Outcome == UpstreamOutcome.Answered && Status is >= 200 and < 300;

    public static UpstreamResult Answer(int status, ReadOnlyMemory<byte> body) => new(UpstreamOutcome.Answered, status, body);

    public static UpstreamResult Unavailable { get; } = new(UpstreamOutcome.Unavailable, 502, ReadOnlyMemory<byte>.Empty);

    public static UpstreamResult TimedOut { get; } = new(UpstreamOutcome.TimedOut, 504, ReadOnlyMemory<byte>.Empty);

    public static UpstreamResult Refused { get; } = new(UpstreamOutcome.Refused, 400, ReadOnlyMemory<byte>.Empty);
}
