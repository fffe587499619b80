using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SignalRPub.Internal;
using SignalRPub.Protocol;
using SignalRPub.Routing;

namespace SignalRPub.Demo;

/// <summary>
/// Serves the demo page under <c>/demo/</c>: static files of our own, with a Content-Security-Policy that lets the
/// page load nothing but them and open WebSockets only to the host it came from.
/// </summary>
internal sealed class DemoEndpoint
{
    public const string FileParameter = "file";

    private readonly EmbeddedFiles _files = new("SignalRPub.Demo.");

    public Task HandleAsync(HttpContext context)
    {
        var name = context.GetRouteValue(FileParameter) as string ?? "";
        if (name.Length == 0 && !(context.Request.Path.Value ?? "").EndsWith('/'))
        {
            // /demo → /demo/, so that the page's relative links resolve under the folder.
            context.Response.Redirect(context.Request.PathBase + GatewayPaths.Demo + "/" + context.Request.QueryString, permanent: true);
            return Task.CompletedTask;
        }

        var file = _files.Find(name);
        if (file is null)
        {
            return HttpAnswers.ErrorAsync(context, ErrorCodes.NotFound, $"no demo file '{name}'");
        }

        return EmbeddedFileAnswer.WriteAsync(context, file, ContentSecurityPolicy(context.Request));
    }

    // 'self' covers ws:/wss: of the same host only in CSP level 3 browsers; naming them keeps older ones working too.
    private static string ContentSecurityPolicy(HttpRequest request)
    {
        var host = request.Host.Value;
        var sockets = IsPlainHost(host) ? $" ws://{host} wss://{host}" : "";
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + $"connect-src 'self'{sockets}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    // Only a name or address with an optional port is written into the policy; anything else would change its meaning.
    private static bool IsPlainHost(string? host) =>
        !string.IsNullOrEmpty(host) && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '[' or ']');
}
