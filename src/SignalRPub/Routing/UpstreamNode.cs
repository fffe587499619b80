using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace SignalRPub.Routing;

/// <summary>One node of an upstream. <see cref="Host"/> is a DNS name, a dotted IPv4 address or an IPv6 address (no brackets).</summary>
internal sealed record UpstreamNode(string Host, int Port, int Weight)
{
    private static readonly SearchValues<char> s_ipv6 = SearchValues.Create("0123456789abcdefABCDEF:.");
    private static readonly SearchValues<char> s_label = SearchValues.Create("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz");

    public string Authority => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>The node's address when its host is an address; null when it is a name (resolved when connecting).</summary>
    public IPAddress? Address => (Host.Contains(':') || IsDottedQuad(Host)) && IPAddress.TryParse(Host, out var address) ? address : null;

    /// <summary>
    /// The host of <paramref name="text"/> as a node keeps it, or null when it is none of: a DNS name (RFC 1123 labels
    /// of letters, digits and '-', underscores tolerated, not all digits at the end), an IPv4 address in four decimal
    /// parts, an IPv6 address (bracketed or not, without a zone). Numbers that resolvers would read as IPv4 in other
    /// forms (<c>127.1</c>, <c>0x7f.0.0.1</c>, <c>2130706433</c>) are refused: what the route says must be what is called.
    /// </summary>
    public static string? NormaliseHost(string text)
    {
        if (text.Length > 2 && text[0] == '[' && text[^1] == ']')
        {
            var inner = text[1..^1];
            return IsIpv6(inner) ? inner : null;
        }

        if (text.Contains(':'))
        {
            return IsIpv6(text) ? text : null;
        }

        return IsDottedQuad(text) || IsDnsName(text) ? text : null;
    }

    /// <summary>True when a request URI can be built for this node (checked when a route is parsed, so no action fails on it).</summary>
    public bool CanBuildUri(string scheme) =>
        Uri.TryCreate($"{scheme}://{Authority}/", UriKind.Absolute, out var uri) && uri.Port == Port && uri.UserInfo.Length == 0;

    private static bool IsIpv6(string text) =>
        text.Length > 0 && !text.AsSpan().ContainsAnyExcept(s_ipv6)
        && IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;

    private static bool IsDottedQuad(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p =>
            p.Length is >= 1 and <= 3 && p.All(char.IsAsciiDigit) && (p.Length == 1 || p[0] != '0') && int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) <= 255);
    }

    private static bool IsDnsName(string text)
    {
        if (text.Length is 0 or > 253 || IPAddress.TryParse(text, out _))
        {
            return false;
        }

        var labels = text.Split('.');
        return labels.All(l => l.Length is >= 1 and <= 63 && !l.AsSpan().ContainsAnyExcept(s_label) && l[0] != '-' && l[^1] != '-')
            && !labels[^1].All(char.IsAsciiDigit);
    }
}
