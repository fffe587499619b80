namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>What a <see cref="FakeUpstream"/> answers: a status and a body (sent as JSON unless empty).</summary>
internal readonly record struct UpstreamReply(int Status, string Body)
{
    /// <summary>Bytes sent as the body instead of <see cref="Body"/>, as they are (e.g. text that is not UTF-8).</summary>
    public byte[]? Bytes { get; init; }

    /// <summary><c>200</c> with <paramref name="body"/>.</summary>
    public static UpstreamReply Ok(string body = "{}") => new(200, body);

    /// <summary><paramref name="status"/> with <paramref name="bytes"/> as the body, byte for byte.</summary>
    public static UpstreamReply Raw(int status, byte[] bytes) => new(status, "") { Bytes = bytes };
}
