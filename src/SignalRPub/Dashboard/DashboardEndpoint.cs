using Microsoft.AspNetCore.Http;
using SignalRPub.Internal;
using SignalRPub.Protocol;

namespace SignalRPub.Dashboard;

/// <summary>
/// Serves the dashboard's files under <c>/dashboard/</c> on the admin listener. The files carry no data and are
/// served without the admin key: the page asks the operator for it and sends it with every data request, which the
/// key check guards as it guards the rest of the listener. Its Content-Security-Policy lets it load nothing but its
/// own files and talk to nothing but the listener it came from.
/// </summary>
internal sealed class DashboardEndpoint
{
    public const string Path = "/dashboard";

    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private readonly EmbeddedFiles _files = new("SignalRPub.Dashboard.");

    /// <summary>True for a read of <c>/dashboard</c> or a file under it: what is served before the key check.</summary>
    public static bool Owns(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && request.Path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase, out var rest)
        && (!rest.HasValue || rest.Value!.IndexOf('/', 1) < 0);

    public Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        request.Path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase, out var rest);
        if (!rest.HasValue)
        {
            // /dashboard → /dashboard/, so that the page's relative links resolve under the folder.
            context.Response.Redirect(request.PathBase + Path + "/" + request.QueryString, permanent: true);
            return Task.CompletedTask;
        }

        var name = rest.Value![1..];
        if (_files.Find(name) is not { } file)
        {
            return HttpAnswers.ErrorAsync(context, ErrorCodes.NotFound, $"no dashboard file '{name}'");
        }

        return EmbeddedFileAnswer.WriteAsync(context, file, ContentSecurityPolicy);
    }
}
