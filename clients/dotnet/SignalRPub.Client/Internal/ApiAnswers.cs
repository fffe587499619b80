using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Refit;

namespace SignalRPub.Client.Internal;

/// <summary>Writes the API clients' bodies and turns their answers into JSON or a <see cref="SignalRPubException"/>.</summary>
internal static class ApiAnswers
{
    private static readonly JsonSerializerOptions s_options = new(JsonSerializerDefaults.Web);
    private static readonly MediaTypeHeaderValue s_json = new("application/json") { CharSet = "utf-8" };

    /// <summary><paramref name="value"/> as a JSON body (System.Text.Json, web defaults: camelCase names).</summary>
    public static HttpContent Json<T>(T value)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, s_options));
        content.Headers.ContentType = s_json;
        return content;
    }

    /// <summary>The body of a 2xx answer as JSON; any other status throws with the answer's error body and <c>Retry-After</c>.</summary>
    public static async Task<JsonElement> ReadAsync(Task<HttpResponseMessage> sending, CancellationToken cancellationToken)
    {
        HttpResponseMessage sent;
        try
        {
            sent = await sending.ConfigureAwait(false);
        }
        catch (ApiRequestException e) when (e.InnerException is { } inner)
        {
            // Callers see what HttpClient threw (HttpRequestException, a cancellation or timeout), not Refit's wrapper.
            ExceptionDispatchInfo.Throw(inner);
            throw;
        }

        using var response = sent;
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var body = ErrorBodies.ParseBody(text);
        if (response.IsSuccessStatusCode)
        {
            return body;
        }

        var retryAfter = response.Headers.RetryAfter is { } header
            ? header.Delta ?? (header.Date is { } date ? date - DateTimeOffset.UtcNow : null)
            : null;
        throw ErrorBodies.ToException((int)response.StatusCode, body, retryAfter);
    }
}
