using System.Text.Json;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>An HTTP/1.1 answer read off a <see cref="WireConnection"/>: status, headers (names in lower case), body text.</summary>
internal sealed record WireAnswer(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>A header's value, or null when the answer has none.</summary>
    public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());

    /// <summary>Asserts the status, showing the body when it differs.</summary>
    public void AssertStatus(int status) => Assert.True(Status == status, $"Expected HTTP {status} but got {Status}: '{Body}'.");

    /// <summary>Asserts the status and the error body <c>{"error":{"code":code,…}}</c>.</summary>
    public void AssertError(int status, string code)
    {
        AssertStatus(status);
        Assert.Equal("application/json", Header("content-type")?.Split(';')[0]);
        using var body = JsonDocument.Parse(Body);
        Frames.AssertErrorBody(body.RootElement.Clone(), code);
    }
}
