using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SignalRPub.Actions;
using SignalRPub.Connections;
using SignalRPub.Internal;
using SignalRPub.Protocol;
using SignalRPub.Publishing;
using SignalRPub.Routing;
using SignalRPub.Security;

namespace SignalRPub.Http;

/// <summary>
/// The HTTP form of an action (PROTOCOL.md §5): <c>POST</c> to the action route, naming the connection by its
/// token (<c>Authorization: Bearer</c>) or, for a backend, by <c>X-API-KEY</c> and <c>connId</c>.
/// </summary>
internal sealed class HttpActionEndpoint(
    ActionDispatcher dispatcher,
    ConnectionTokens tokens,
    GatewayKeys keys,
    AuthFailureLimiter authFailures,
    IOptions<SignalRPubOptions> options)
{
    public async Task HandleAsync(HttpContext context, RouteConfig route)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.Headers.Allow = "POST";
            await HttpAnswers.ErrorAsync(context, ErrorCodes.MethodNotAllowed, $"method {context.Request.Method} is not allowed; actions use POST").ConfigureAwait(false);
            return;
        }

        if (route.Action == RouteAction.Register)
        {
            await HttpAnswers.ErrorAsync(context, ErrorCodes.UpgradeRequired, "register is the WebSocket handshake: send it as a frame on the socket").ConfigureAwait(false);
            return;
        }

        if (authFailures.IsBlocked(context))
        {
            await HttpAnswers.ErrorAsync(context, ErrorCodes.RateLimited, "too many requests with a wrong key or token from this address").ConfigureAwait(false);
            return;
        }

        var connectionId = Authenticate(context.Request, out var code, out var message);
        if (connectionId is null)
        {
            if (code == ErrorCodes.Unauthorized)
            {
                authFailures.Failed(context);
            }

            await HttpAnswers.ErrorAsync(context, code!, message!).ConfigureAwait(false);
            return;
        }

        var limit = options.Value.Limits.MaxFrameBytes;
        var body = await HttpAnswers.ReadBodyAsync(context.Request, limit, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await HttpAnswers.ErrorAsync(context, ErrorCodes.PayloadTooLarge, $"the body is over {limit} bytes").ConfigureAwait(false);
            return;
        }

        if (body.Length == 0)
        {
            body = FrameParser.EmptyObject;
        }
        else if (JsonText.Validate(body) is { } invalid)
        {
            await HttpAnswers.ErrorAsync(context, ErrorCodes.InvalidJson, $"the body is not valid JSON: {invalid}").ConfigureAwait(false);
            return;
        }

        var msgIdHeader = context.Request.Headers[GatewayHeaders.MsgId].ToString();
        if (msgIdHeader.Length > 0)
        {
            context.Response.Headers[GatewayHeaders.MsgId] = msgIdHeader;
        }

        var request = new ActionRequest(
            context.Request.Path.Value!,
            context.Request.QueryString.Value ?? string.Empty,
            context.Request.Method,
            ForwardedHeaders(context.Request),
            body,
            msgIdHeader.Length > 0 ? JsonSerializer.SerializeToUtf8Bytes(msgIdHeader) : default,
            IsHttp: true)
        {
            RemoteIp = context.Connection.RemoteIpAddress?.ToString(),
        };

        // The connection may live on another node of the cluster; the dispatcher runs the action where it does.
        var response = await dispatcher.ExecuteAsync(connectionId, request, context.RequestAborted).ConfigureAwait(false);
        await HttpAnswers.WriteAsync(context, response.Status, response.Body).ConfigureAwait(false);
    }

    private string? Authenticate(HttpRequest request, out string? code, out string? message)
    {
        code = ErrorCodes.Unauthorized;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var connectionId = tokens.Validate(authorization["Bearer ".Length..].Trim());
            message = connectionId is null ? "the connection token is not valid" : null;
            return connectionId;
        }

        if (request.Headers.ContainsKey(GatewayHeaders.ApiKey))
        {
            if (!keys.Publish.Matches(request.Headers[GatewayHeaders.ApiKey].ToString()))
            {
                message = $"the {GatewayHeaders.ApiKey} is not valid";
                return null;
            }

            var connectionId = request.Headers[GatewayHeaders.ConnectionId].ToString();
            if (connectionId.Length == 0)
            {
                code = ErrorCodes.BadRequest;
                message = $"with {GatewayHeaders.ApiKey}, the header {GatewayHeaders.ConnectionId} names the connection";
                return null;
            }

            message = null;
            return connectionId;
        }

        message = $"name the connection with Authorization: Bearer <connectionToken>, or {GatewayHeaders.ApiKey} and {GatewayHeaders.ConnectionId}";
        return null;
    }

    // Every header as sent: the pipeline applies the one header policy of both forms (Upstreams.ForwardedHeaders).
    private static List<KeyValuePair<string, string>> ForwardedHeaders(HttpRequest request)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in request.Headers)
        {
            headers.Add(new(name, values.ToString()));
        }

        return headers;
    }
}
