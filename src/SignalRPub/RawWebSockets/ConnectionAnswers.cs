using System.Globalization;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using SignalRPub.Protocol;

namespace SignalRPub.RawWebSockets;

/// <summary>
/// The HTTP/1.1 answers to an upgrade read below HTTP, written straight to the connection: the <c>101</c> that accepts it
/// (RFC 6455 §4.2.2), or a refusal with the same status, JSON error body and <c>Retry-After</c> as on HTTP
/// (<see cref="HttpAnswers"/>), after which the connection is closed.
/// </summary>
internal static class ConnectionAnswers
{
    private const string WebSocketGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>The <c>Sec-WebSocket-Accept</c> value of <paramref name="key"/>.</summary>
    public static string AcceptOf(string key) => Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key.Trim() + WebSocketGuid)));

    public static ValueTask<FlushResult> SwitchingProtocolsAsync(PipeWriter output, string key) =>
        output.WriteAsync(Encoding.ASCII.GetBytes(
            "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: " + AcceptOf(key) + "\r\n\r\n"));

    /// <summary>Kestrel's answer to a head not complete within its request headers timeout; the connection then closes.</summary>
    public static async ValueTask RequestTimeoutAsync(PipeWriter output)
    {
        await output.WriteAsync("HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray()).ConfigureAwait(false);
        await output.CompleteAsync().ConfigureAwait(false);
    }

    public static async ValueTask ErrorAsync(PipeWriter output, string code, string message)
    {
        var status = ErrorCodes.StatusOf(code);
        var body = ErrorBody.Write(code, message);
        var head = new StringBuilder(160)
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {ReasonPhrases.GetReasonPhrase(status)}\r\n")
            .Append("Content-Type: application/json\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        if (status is 429 or 503)
        {
            head.Append(CultureInfo.InvariantCulture, $"Retry-After: {HttpAnswers.RetryAfterSeconds}\r\n");
        }

        head.Append("Connection: close\r\n\r\n");
        await output.WriteAsync(Encoding.ASCII.GetBytes(head.ToString())).ConfigureAwait(false);
        await output.WriteAsync(body).ConfigureAwait(false);
    }
}
