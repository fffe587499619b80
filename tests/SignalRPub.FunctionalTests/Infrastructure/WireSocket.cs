using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>
/// A WebSocket client spoken by hand over TCP (RFC 6455), so a test sees every frame the gateway writes, control frames
/// included, exactly as they arrive, and answers pings only when it chooses to — which no WebSocket library allows.
/// </summary>
internal sealed class WireSocket : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private WireSocket(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>Opens the WebSocket at <paramref name="uri"/> (<c>ws://</c>) and checks the <c>101</c> answer.</summary>
    public static async Task<WireSocket> ConnectAsync(Uri uri)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(uri.Host, uri.Port, timeout.Token);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }

        var socket = new WireSocket(tcp);
        try
        {
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            var request = $"GET {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
            await socket._stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
            var head = await socket.ReadHeadAsync(timeout.Token);
            if (!head.StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The upgrade was refused: {head}");
            }

            return socket;
        }
        catch
        {
            await socket.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends one text message as a single masked frame, as a client must (RFC 6455 §5.3).</summary>
    public Task SendTextAsync(string text) => SendFrameAsync(0x1, Encoding.UTF8.GetBytes(text));

    /// <summary>Sends a pong carrying <paramref name="payload"/> (the ping's, RFC 6455 §5.5.3).</summary>
    public Task SendPongAsync(byte[] payload) => SendFrameAsync(0xA, payload);

    /// <summary>Sends the text request and reads frames until its text answer comes, answering pings on the way.</summary>
    public async Task<string> RequestAsync(string frame)
    {
        await SendTextAsync(frame);
        while (true)
        {
            var next = await ReadFrameAsync(TestTimeouts.Default) ?? throw new InvalidOperationException("The gateway closed the connection.");
            if (next.Opcode == WireFrame.Ping)
            {
                await SendPongAsync(next.Payload);
            }
            else if (next.Opcode == WireFrame.Text)
            {
                return Encoding.UTF8.GetString(next.Payload);
            }
        }
    }

    /// <summary>
    /// The next frame, or null when the gateway ended the TCP connection without one. Throws
    /// <see cref="OperationCanceledException"/> when nothing came within <paramref name="within"/>.
    /// </summary>
    public async Task<WireFrame?> ReadFrameAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        var header = new byte[2];
        if (!await ReadExactlyAsync(header, timeout.Token))
        {
            return null;
        }

        long length = header[1] & 0x7F;
        if (length >= 126)
        {
            var extended = new byte[length == 126 ? 2 : 8];
            if (!await ReadExactlyAsync(extended, timeout.Token))
            {
                return null;
            }

            length = extended.Length == 2 ? BinaryPrimitives.ReadUInt16BigEndian(extended) : (long)BinaryPrimitives.ReadUInt64BigEndian(extended);
        }

        var masked = (header[1] & 0x80) != 0;
        var mask = new byte[masked ? 4 : 0];
        var payload = new byte[length];
        if (!await ReadExactlyAsync(mask, timeout.Token) || !await ReadExactlyAsync(payload, timeout.Token))
        {
            return null;
        }

        return new WireFrame((header[0] & 0x80) != 0, header[0] & 0x0F, masked, payload);
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private async Task SendFrameAsync(int opcode, byte[] payload)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        var header = payload.Length switch
        {
            <= 125 => new byte[] { (byte)(0x80 | opcode), (byte)(0x80 | payload.Length) },
            <= ushort.MaxValue => [(byte)(0x80 | opcode), 0x80 | 126, (byte)(payload.Length >> 8), (byte)payload.Length],
            _ => throw new ArgumentOutOfRangeException(nameof(payload), "the tests send small frames only"),
        };
        var mask = RandomNumberGenerator.GetBytes(4);
        var masked = new byte[payload.Length];
        for (var i = 0; i < payload.Length; i++)
        {
            masked[i] = (byte)(payload[i] ^ mask[i % 4]);
        }

        byte[] frame = [.. header, .. mask, .. masked];
        await _stream.WriteAsync(frame, timeout.Token);
    }

    // False when the connection ended (closed or reset) before the buffer was full.
    private async Task<bool> ReadExactlyAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.ReadExactlyAsync(buffer, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
            return false;
        }
    }

    private async Task<string> ReadHeadAsync(CancellationToken cancellationToken)
    {
        // Byte by byte: nothing after the blank line may be taken, the frames follow it.
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (!await ReadExactlyAsync(one, cancellationToken))
            {
                throw new InvalidOperationException($"The connection ended during the upgrade: {head}");
            }

            head.Append((char)one[0]);
        }

        return head.ToString();
    }
}
