using Microsoft.AspNetCore.Http;
using SignalRPub.Actions;

namespace SignalRPub.Internal;

/// <summary>Writes JSON answers and the error body of PROTOCOL.md §8 on HTTP.</summary>
internal static class HttpAnswers
{
    public static Task WriteAsync(HttpContext context, int status, ReadOnlyMemory<byte> body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body).AsTask();
    }

    public static Task ErrorAsync(HttpContext context, string code, string message) =>
        WriteAsync(context, ErrorCodes.StatusOf(code), ActionErrors.Body(code, message));

    /// <summary>Reads the body, at most <paramref name="limit"/> bytes; null when it is longer.</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
