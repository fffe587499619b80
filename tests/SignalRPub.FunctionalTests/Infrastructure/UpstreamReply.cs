namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>What a <see cref="FakeUpstream"/> answers: a status and a body (sent as JSON unless empty).</summary>
internal readonly record struct UpstreamReply(int Status, string Body)
{
    /// <summary><c>200</c> with <paramref name="body"/>.</summary>
    public static UpstreamReply Ok(string body = "{}") => new(200, body);
}
