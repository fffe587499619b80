using System.Globalization;
using System.Net;

namespace SignalRPub.Upstreams;

/// <summary>
/// One endpoint the gateway listens on, read from a listener URL as Kestrel reads it: an IP address binds that
/// address; <c>0.0.0.0</c>, <c>[::]</c>, <c>*</c>, <c>+</c>, <c>localhost</c> or any other name bind the machine's
/// addresses (<see cref="Address"/> null), which a node reaches through loopback or any of its interfaces.
/// </summary>
internal readonly record struct Listener(IPAddress? Address, int Port, string Url)
{
    /// <summary>The listener of <paramref name="url"/>, or null when it has no TCP port yet (port 0, a Unix socket, not a URL).</summary>
    public static Listener? Parse(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return null;
        }

        var scheme = url[..schemeEnd];
        var rest = url[(schemeEnd + 3)..];
        var slash = rest.IndexOf('/');
        var authority = slash < 0 ? rest : rest[..slash];
        if (authority.StartsWith("unix:", StringComparison.OrdinalIgnoreCase) || authority.StartsWith("pipe:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string host;
        string? portText;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            if (close < 0)
            {
                return null;
            }

            host = authority[1..close];
            portText = close + 1 < authority.Length && authority[close + 1] == ':' ? authority[(close + 2)..] : null;
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
            portText = colon < 0 ? null : authority[(colon + 1)..];
        }

        var port = portText is null
            ? scheme.Equals("https", StringComparison.OrdinalIgnoreCase) ? 443 : 80
            : int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 0;
        if (port is < 1 or > 65535)
        {
            return null;
        }

        var address = IPAddress.TryParse(host, out var parsed) && !parsed.Equals(IPAddress.Any) && !parsed.Equals(IPAddress.IPv6Any)
            ? DeniedNetworks.Normalise(parsed)
            : null;
        return new Listener(address, port, url);
    }

    /// <summary>
    /// True when a connection to <paramref name="address"/>:<paramref name="port"/> reaches this listener.
    /// <paramref name="isLocal"/> says whether an address is this machine's (loopback or an interface's).
    /// </summary>
    public bool IsReachedBy(IPAddress address, int port, Func<IPAddress, bool> isLocal)
    {
        if (port != Port)
        {
            return false;
        }

        // Connecting to 0.0.0.0 or :: reaches this machine, whatever it binds.
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        return Address is null ? isLocal(address) : Address.Equals(address);
    }
}
