using Microsoft.AspNetCore.Http;

namespace SignalRPub.Internal;

/// <summary>
/// Answers a request for an <see cref="EmbeddedFile"/>: with the page's Content-Security-Policy and headers that keep
/// it out of frames and from being sniffed, revalidated on every load and answered 304 while unchanged.
/// </summary>
internal static class EmbeddedFileAnswer
{
    public static Task WriteAsync(HttpContext context, EmbeddedFile file, string contentSecurityPolicy)
    {
        var response = context.Response;
        var headers = response.Headers;
        headers.ContentSecurityPolicy = contentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";

        // Revalidated on every load (the files change with the gateway's version), answered 304 while unchanged.
        headers.CacheControl = "no-cache";
        headers.ETag = file.ETag;
        if (context.Request.Headers.IfNoneMatch.Contains(file.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = file.ContentType;
        response.ContentLength = file.Content.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(file.Content).AsTask();
    }
}
