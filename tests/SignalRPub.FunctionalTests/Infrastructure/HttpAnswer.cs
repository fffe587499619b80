using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>An HTTP answer read to the end: status, headers, and the body parsed as JSON when it is JSON.</summary>
internal sealed record HttpAnswer(HttpStatusCode Status, HttpResponseHeaders Headers, string Text)
{
    public int StatusCode => (int)Status;

    /// <summary>The body as JSON; fails the test when it is not JSON.</summary>
    public JsonElement Json
    {
        get
        {
            try
            {
                return JsonAssert.Parse(Text);
            }
            catch (JsonException)
            {
                Assert.Fail($"Expected a JSON body with status {StatusCode} but got: '{Text}'.");
                throw;
            }
        }
    }

    public static async Task<HttpAnswer> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            return new HttpAnswer(response.StatusCode, response.Headers, text);
        }
    }

    /// <summary>Asserts the status and the error body <c>{"error":{"code":code,…}}</c>.</summary>
    public void AssertError(int status, string code)
    {
        Assert.True(StatusCode == status, $"Expected HTTP {status} but got {StatusCode}: '{Text}'.");
        Frames.AssertErrorBody(Json, code);
    }

    /// <summary>Asserts the status, showing the body when it differs.</summary>
    public void AssertStatus(int status) =>
        Assert.True(StatusCode == status, $"Expected HTTP {status} but got {StatusCode}: '{Text}'.");
}
