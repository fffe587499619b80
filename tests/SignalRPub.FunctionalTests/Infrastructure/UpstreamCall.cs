using System.Text;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>One request a <see cref="FakeUpstream"/> received, as it arrived on the wire.</summary>
/// <param name="Number">Its place among the calls of that upstream, from 1.</param>
/// <param name="Upstream">The name of the upstream that received it.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathAndQuery">The request target exactly as sent (path and query string).</param>
/// <param name="Headers">Every header, names compared without case; repeated values joined by commas.</param>
/// <param name="Body">The body's bytes.</param>
/// <param name="ArrivedAt">When its headers arrived.</param>
/// <param name="Aborted">Signalled when the gateway gives up on the call or the upstream stops.</param>
internal sealed record UpstreamCall(
    int Number,
    string Upstream,
    string Method,
    string PathAndQuery,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    DateTimeOffset ArrivedAt,
    CancellationToken Aborted)
{
    /// <summary>The value of <c>X-Action</c>, or an empty string.</summary>
    public string Action => Header("X-Action") ?? "";

    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>The value of header <paramref name="name"/>, or null when it was not sent.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
