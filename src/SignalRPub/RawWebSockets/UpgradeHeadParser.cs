using System.Buffers;
using System.Text;

namespace SignalRPub.RawWebSockets;

/// <summary>
/// Reads the first request of a new connection, without consuming it, to tell a WebSocket upgrade to an entry route
/// (answered below HTTP) from everything else (left to Kestrel's HTTP parser). Deliberately narrow: only a complete
/// <c>GET &lt;path&gt; HTTP/1.1</c> head in plain visible ASCII, with one each of <c>Host</c>, <c>Upgrade: websocket</c>,
/// <c>Connection: upgrade</c>, <c>Sec-WebSocket-Version: 13</c> and a valid <c>Sec-WebSocket-Key</c>, no body, and a
/// path (query left off) that is an entry route counts as an upgrade. Anything odd — percent-encoding, a bare CR or
/// LF, folded or repeated headers, a head past the size cap — goes to HTTP, which answers it as it always has.
/// </summary>
internal static class UpgradeHeadParser
{
    /// <summary>The largest head read below HTTP; a longer one goes to HTTP (Kestrel's own cap is 32 KiB).</summary>
    public const int MaxHeadBytes = 8 * 1024;

    private const int HostSeen = 1;
    private const int UpgradeSeen = 2;
    private const int ConnectionSeen = 4;
    private const int VersionSeen = 8;
    private const int KeySeen = 16;
    private const int OriginSeen = 32;

    // RFC 9110 §5.6.2: tchar.
    private static readonly SearchValues<byte> s_token = SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    // Visible ASCII, space and tab: nothing Kestrel would read differently (no CR, LF, NUL, DEL, obs-text).
    private static readonly SearchValues<byte> s_value = SearchValues.Create("\t !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"u8);

    // A host as clients send it (name or address, port, IPv6 brackets); anything else is Kestrel's to judge.
    private static readonly SearchValues<byte> s_host = SearchValues.Create(".-:[]_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>
    /// Judges the bytes a connection has sent so far. <paramref name="isEntry"/> says whether a path is an entry route;
    /// <paramref name="maxHeaders"/> is Kestrel's cap on header fields (a head with more goes to HTTP, which refuses it).
    /// <paramref name="head"/> is set for <see cref="HeadVerdict.Upgrade"/> only.
    /// </summary>
    public static HeadVerdict Parse(in ReadOnlySequence<byte> buffer, Func<string, bool> isEntry, int maxHeaders, out UpgradeHead? head)
    {
        head = null;
        var full = buffer.Length >= MaxHeadBytes;
        var length = (int)Math.Min(buffer.Length, MaxHeadBytes);
        if (buffer.FirstSpan.Length >= length)
        {
            return Parse(buffer.FirstSpan[..length], full, isEntry, maxHeaders, out head);
        }

        // A head split over segments (it arrived in pieces): parse a copy, at most the cap.
        var copy = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            buffer.Slice(0, length).CopyTo(copy);
            return Parse(copy.AsSpan(0, length), full, isEntry, maxHeaders, out head);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private static HeadVerdict Parse(ReadOnlySpan<byte> data, bool full, Func<string, bool> isEntry, int maxHeaders, out UpgradeHead? head)
    {
        head = null;
        var get = "GET "u8;
        var prefix = Math.Min(data.Length, get.Length);
        if (!data[..prefix].SequenceEqual(get[..prefix]))
        {
            return HeadVerdict.PassToHttp;
        }

        var lineEnd = data.IndexOf("\r\n"u8);
        if (lineEnd < 0)
        {
            // The request line so far: HTTP takes it at once when it can no longer become a clean one.
            var odd = data.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7e);
            var clean = odd < 0 || (odd == data.Length - 1 && data[odd] == '\r');
            return clean && !full ? HeadVerdict.NeedMore : HeadVerdict.PassToHttp;
        }

        if (RequestPath(data[..lineEnd]) is not { } path || !isEntry(path))
        {
            return HeadVerdict.PassToHttp;
        }

        // The empty line that ends the head; a request line alone ends there too.
        var end = data[lineEnd..].IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return full ? HeadVerdict.PassToHttp : HeadVerdict.NeedMore;
        }

        end += lineEnd;
        var fields = new UpgradeFields();
        if (!ReadFields(data[(lineEnd + 2)..(end + 2)], maxHeaders, ref fields) || !fields.IsUpgrade)
        {
            return HeadVerdict.PassToHttp;
        }

        head = new UpgradeHead(path, fields.Key!, fields.Origin, end + 4);
        return HeadVerdict.Upgrade;
    }

    // "GET <origin-form target> HTTP/1.1": the path of the target, or null for any other request line.
    private static string? RequestPath(ReadOnlySpan<byte> line)
    {
        var version = " HTTP/1.1"u8;
        if (!line.EndsWith(version) || line.Length <= 4 + version.Length)
        {
            return null;
        }

        // Percent-encoding and dot segments are Kestrel's to decode: such a path goes to HTTP, which finds the entry itself.
        var target = line[4..^version.Length];
        if (target[0] != '/' || target.IndexOfAnyExceptInRange((byte)0x21, (byte)0x7e) >= 0 || target.IndexOfAny("%#\\"u8) >= 0 || target.IndexOf("/."u8) >= 0)
        {
            return null;
        }

        var query = target.IndexOf((byte)'?');
        return Encoding.ASCII.GetString(query < 0 ? target : target[..query]);
    }

    // Every field line, each ending in CRLF; false when one is anything HTTP might read otherwise.
    private static bool ReadFields(ReadOnlySpan<byte> lines, int maxHeaders, ref UpgradeFields fields)
    {
        var count = 0;
        while (!lines.IsEmpty)
        {
            var eol = lines.IndexOf("\r\n"u8);
            var line = lines[..eol];
            lines = lines[(eol + 2)..];
            var colon = line.IndexOf((byte)':');
            if (++count > maxHeaders || colon <= 0 || line[..colon].ContainsAnyExcept(s_token))
            {
                return false;
            }

            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (value.ContainsAnyExcept(s_value) || !fields.Take(line[..colon], value))
            {
                return false;
            }
        }

        return true;
    }

    // The fields an upgrade is judged by; each may come once.
    private ref struct UpgradeFields
    {
        private int _seen;
        private bool _websocket;
        private bool _connectionUpgrade;
        private bool _version13;

        public string? Key { get; private set; }

        public string? Origin { get; private set; }

        public readonly bool IsUpgrade =>
            (_seen & HostSeen) != 0 && _websocket && _connectionUpgrade && _version13 && Key is not null && IsValidKey(Key);

        public bool Take(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        {
            if (Is(name, "content-length"u8) || Is(name, "transfer-encoding"u8))
            {
                return false;
            }

            var field = Is(name, "host"u8) ? HostSeen
                : Is(name, "upgrade"u8) ? UpgradeSeen
                : Is(name, "connection"u8) ? ConnectionSeen
                : Is(name, "sec-websocket-version"u8) ? VersionSeen
                : Is(name, "sec-websocket-key"u8) ? KeySeen
                : Is(name, "origin"u8) ? OriginSeen
                : 0;
            if ((_seen & field) != 0)
            {
                return false;
            }

            _seen |= field;
            switch (field)
            {
                case HostSeen:
                    return !value.IsEmpty && !value.ContainsAnyExcept(s_host);
                case UpgradeSeen:
                    _websocket = HasToken(value, "websocket"u8);
                    break;
                case ConnectionSeen:
                    _connectionUpgrade = HasToken(value, "upgrade"u8);
                    break;
                case VersionSeen:
                    _version13 = value.SequenceEqual("13"u8);
                    break;
                case KeySeen:
                    Key = Encoding.ASCII.GetString(value);
                    break;
                case OriginSeen:
                    Origin = Encoding.ASCII.GetString(value);
                    break;
            }

            return true;
        }

        private static bool Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> lowerCase) => System.Text.Ascii.EqualsIgnoreCase(name, lowerCase);

        // A comma-separated list holding the token (RFC 9110 §5.6.1), in any case.
        private static bool HasToken(ReadOnlySpan<byte> list, ReadOnlySpan<byte> token)
        {
            foreach (var range in list.Split((byte)','))
            {
                if (Is(list[range].Trim(" \t"u8), token))
                {
                    return true;
                }
            }

            return false;
        }

        // RFC 6455 §4.2.1: the base64 of 16 bytes.
        private static bool IsValidKey(string key)
        {
            Span<byte> bytes = stackalloc byte[16];
            return Convert.TryFromBase64String(key, bytes, out var written) && written == 16;
        }
    }
}
