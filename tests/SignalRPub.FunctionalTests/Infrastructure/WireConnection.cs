using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>
/// A bare TCP connection to a gateway, speaking HTTP/1.1 by hand: requests go byte for byte, in as many writes as a
/// test asks, and answers are read exactly to their end, so the connection can go on with another request or, after a
/// <c>101</c>, as a WebSocket (<see cref="AsWebSocket"/>). Every wait is bounded by <see cref="TestTimeouts.Default"/>.
/// </summary>
internal sealed class WireConnection : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private WireConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    /// <summary>A fresh <c>Sec-WebSocket-Key</c>.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    /// <summary>The <c>Sec-WebSocket-Accept</c> a server must answer <paramref name="key"/> with (RFC 6455 §4.2.2).</summary>
    public static string AcceptOf(string key) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));

    /// <summary>A WebSocket upgrade head for <paramref name="target"/>, as browsers send it, with <paramref name="extra"/> header lines.</summary>
    public static string UpgradeHead(string target, string key, params string[] extra) =>
        $"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        + string.Concat(extra.Select(line => line + "\r\n")) + "\r\n";

    /// <summary>A plain GET of <paramref name="target"/> that keeps the connection open.</summary>
    public static string GetHead(string target) => $"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    public static async Task<WireConnection> ConnectAsync(Uri baseUri)
    {
        var client = new TcpClient { NoDelay = true };
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        await client.ConnectAsync(baseUri.Host, baseUri.Port, timeout.Token);
        return new WireConnection(client);
    }

    /// <summary>Sends <paramref name="text"/> (ASCII) in pieces of <paramref name="piece"/> bytes, each its own write.</summary>
    public Task SendAsync(string text, int piece = int.MaxValue) => SendAsync(Encoding.ASCII.GetBytes(text), piece);

    /// <summary>Sends <paramref name="bytes"/> in pieces of <paramref name="piece"/> bytes, each its own write.</summary>
    public async Task SendAsync(byte[] bytes, int piece = int.MaxValue)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        for (var offset = 0; offset < bytes.Length; offset += piece)
        {
            await _stream.WriteAsync(bytes.AsMemory(offset, Math.Min(piece, bytes.Length - offset)), timeout.Token);
            await _stream.FlushAsync(timeout.Token);
        }
    }

    /// <summary>Tells the server nothing more will come (a TCP half-close); the answer can still be read.</summary>
    public void EndSending() => _client.Client.Shutdown(SocketShutdown.Send);

    /// <summary>Reads one answer: its head, then a body of its <c>Content-Length</c> (none for a <c>101</c>).</summary>
    public async Task<WireAnswer> ReadAnswerAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        return await ReadAnswerAsync(timeout.Token) ?? throw new IOException("The server closed the connection without an answer.");
    }

    /// <summary>
    /// Reads until the server closes the connection, bounded by <see cref="TestTimeouts.Default"/>; returns the answer it
    /// wrote first, if any (null when it closed without one).
    /// </summary>
    public async Task<WireAnswer?> ReadUntilClosedAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        WireAnswer? answer;
        try
        {
            answer = await ReadAnswerAsync(timeout.Token);
        }
        catch (IOException)
        {
            // Reset rather than closed: no answer either.
            return null;
        }

        var rest = new byte[4096];
        try
        {
            while (await _stream.ReadAsync(rest, timeout.Token) > 0)
            {
            }
        }
        catch (IOException)
        {
            // Reset after the answer: closed all the same.
        }

        return answer;
    }

    /// <summary>Every byte the server writes until it closes the connection, bounded by <see cref="TestTimeouts.Default"/>.</summary>
    public async Task<byte[]> ReadToEndAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        using var all = new MemoryStream();
        await _stream.CopyToAsync(all, timeout.Token);
        return all.ToArray();
    }

    /// <summary>The client side of the WebSocket this connection became with a <c>101</c>.</summary>
    public WebSocket AsWebSocket() => WebSocket.CreateFromStream(_stream, new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });

    /// <summary>One masked client text frame of <paramref name="text"/> (RFC 6455 §5.2), payload under 64 KiB.</summary>
    public static byte[] ClientTextFrame(string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        Assert.True(payload.Length <= ushort.MaxValue, "A frame under 64 KiB only.");
        var header = payload.Length < 126
            ? new byte[] { 0x81, (byte)(0x80 | payload.Length) }
            : [0x81, 0x80 | 126, (byte)(payload.Length >> 8), (byte)payload.Length];
        var mask = RandomNumberGenerator.GetBytes(4);
        return [.. header, .. mask, .. payload.Select((b, i) => (byte)(b ^ mask[i % 4]))];
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return default;
    }

    // Reads the head a byte at a time, so that nothing after it is taken from the stream.
    private async Task<WireAnswer?> ReadAnswerAsync(CancellationToken cancellationToken)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            if (await _stream.ReadAsync(one, cancellationToken) == 0)
            {
                return head.Count == 0 ? null : throw new IOException($"The connection ended inside an answer's head: '{Encoding.ASCII.GetString([.. head])}'.");
            }

            head.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }

        var body = new byte[headers.TryGetValue("content-length", out var length) ? int.Parse(length, System.Globalization.CultureInfo.InvariantCulture) : 0];
        await _stream.ReadExactlyAsync(body, cancellationToken);
        return new WireAnswer(status, headers, Encoding.UTF8.GetString(body));
    }
}
