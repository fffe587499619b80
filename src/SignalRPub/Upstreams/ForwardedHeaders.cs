using System.Buffers;
using System.Collections.Frozen;
using SignalRPub.Protocol;

namespace SignalRPub.Upstreams;

/// <summary>
/// The header policy of upstream calls (PROTOCOL.md §7), one for frames and HTTP actions alike. A client's header
/// reaches the upstream unless it describes this hop (the hop-by-hop headers and every header a <c>Connection</c>
/// value names), the body's framing or type (the gateway sends the request's JSON itself), the gateway's own
/// credentials, or is one the gateway sets itself. A header HTTP cannot carry is refused before any node is asked:
/// it is the client's fault, never a node's.
/// </summary>
internal static class ForwardedHeaders
{
    public const string Action = "X-Action";
    public const string ConnectionId = "X-Connection-Id";
    public const string ForwardedFor = "X-Forwarded-For";
    public const string RealIp = "X-Real-IP";

    private const int MaxNameShown = 64;

    private static readonly FrozenSet<string> s_dropped = new[]
    {
        // Hop-by-hop (RFC 9110 §7.6.1), with the proxy ones that describe this hop too.
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
        "Proxy-Authenticate", "Proxy-Authorization",
        "Host", "Content-Length", "Content-Type",
        GatewayHeaders.ApiKey, GatewayHeaders.ConnectionId,
        Action, ConnectionId, ForwardedFor, RealIp,
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    // RFC 9110 §5.6.2: tchar.
    private static readonly SearchValues<char> s_token = SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    // Visible ASCII, space and tab: what HttpClient sends as it is (no CR, LF, NUL, DEL or non-ASCII).
    private static readonly SearchValues<char> s_value = SearchValues.Create("\t !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>
    /// The headers of <paramref name="headers"/> that go to the upstream, in order; or null, with
    /// <paramref name="error"/> naming the first header that cannot be sent.
    /// </summary>
    public static List<KeyValuePair<string, string>>? Select(IReadOnlyList<KeyValuePair<string, string>> headers, out string? error)
    {
        error = null;
        HashSet<string>? namedByConnection = null;
        foreach (var (name, value) in headers)
        {
            if (name.Length == 0 || name.AsSpan().ContainsAnyExcept(s_token))
            {
                error = $"the header name '{Shown(name)}' cannot be sent: a name is letters, digits and !#$%&'*+-.^_`|~";
                return null;
            }

            if (value.AsSpan().ContainsAnyExcept(s_value))
            {
                error = $"the value of header '{Shown(name)}' cannot be sent: only visible ASCII, space and tab are allowed";
                return null;
            }

            if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                namedByConnection ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                namedByConnection.UnionWith(value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            }
        }

        var kept = new List<KeyValuePair<string, string>>(headers.Count);
        foreach (var header in headers)
        {
            if (!s_dropped.Contains(header.Key) && namedByConnection?.Contains(header.Key) != true)
            {
                kept.Add(header);
            }
        }

        return kept;
    }

    private static string Shown(string name) => name.Length <= MaxNameShown ? name : $"{name[..MaxNameShown]}…";
}
