using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace SignalRPub.Protocol;

/// <summary>Writes JSON answers and the error body of PROTOCOL.md §8 on HTTP.</summary>
internal static class HttpAnswers
{
    private static readonly string RetryAfterSecondsText = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Seconds a client is asked to wait after a <c>429</c> (PROTOCOL.md §8: HTTP answers add <c>Retry-After</c>) or a
    /// <c>503</c> (something needed is away for now: Redis, room for connections, an upstream that said so).
    /// </summary>
    public const int RetryAfterSeconds = 1;

    public static Task WriteAsync(HttpContext context, int status, ReadOnlyMemory<byte> body)
    {
        context.Response.StatusCode = status;
        if (status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = RetryAfterSecondsText;
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body).AsTask();
    }

    public static Task ErrorAsync(HttpContext context, string code, string message) =>
        WriteAsync(context, ErrorCodes.StatusOf(code), ErrorBody.Write(code, message));

    /// <summary>Reads the body, at most <paramref name="limit"/> bytes; null when it is longer.</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length)
        {
            if (length > limit)
            {
                return null;
            }

            // The usual case: read straight into an array of the announced size (Kestrel enforces the length).
            var body = length == 0 ? [] : new byte[length];
            await request.Body.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
            return body;
        }

        // Chunked: let the body gather in the request's pipe, then copy it out once.
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length > limit)
            {
                reader.AdvanceTo(buffer.End);
                return null;
            }

            if (result.IsCompleted)
            {
                var body = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return body;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
