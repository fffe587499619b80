using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SignalRPub.Redis.Tests.Infrastructure;

/// <summary>
/// One plain connection to a Redis server speaking RESP2, for the fixture's own commands (PING, SHUTDOWN, INFO,
/// DBSIZE, KEYS): no pooling, no reconnects, no retries, so that what it sees is what the server did.
/// </summary>
/// <remarks>
/// Replies come back as .NET values: a simple or bulk string as <see cref="string"/> (a null bulk as null), an integer
/// as <see cref="long"/>, an array as <c>object?[]</c>; an error reply throws <see cref="RedisErrorReplyException"/>.
/// </remarks>
internal sealed class RespConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly BufferedStream _stream;

    private RespConnection(Socket socket)
    {
        _socket = socket;
        _stream = new BufferedStream(new NetworkStream(socket, ownsSocket: false));
    }

    /// <summary>Connects to 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<RespConnection> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return new RespConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends one command without reading its reply (e.g. <c>SHUTDOWN</c>, which is answered by a closed connection).</summary>
    public async Task SendAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var text = new StringBuilder().Append('*').Append(command.Count).Append("\r\n");
        foreach (var argument in command)
        {
            text.Append('$').Append(Encoding.UTF8.GetByteCount(argument)).Append("\r\n").Append(argument).Append("\r\n");
        }

        await _stream.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    /// <summary>Sends one command and reads its reply.</summary>
    public async Task<object?> ExecuteAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        await SendAsync(command, cancellationToken);
        return await ReadReplyAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _socket.Dispose();
    }

    private async Task<object?> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        var payload = line[1..];
        switch (line[0])
        {
            case '+':
                return payload;
            case '-':
                throw new RedisErrorReplyException(payload);
            case ':':
                return long.Parse(payload, CultureInfo.InvariantCulture);
            case '$':
            {
                var length = int.Parse(payload, CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return null;
                }

                var bytes = new byte[length + 2];
                await _stream.ReadExactlyAsync(bytes, cancellationToken);
                return Encoding.UTF8.GetString(bytes, 0, length);
            }

            case '*':
            {
                var count = int.Parse(payload, CultureInfo.InvariantCulture);
                if (count < 0)
                {
                    return null;
                }

                var items = new object?[count];
                for (var i = 0; i < count; i++)
                {
                    items[i] = await ReadReplyAsync(cancellationToken);
                }

                return items;
            }

            default:
                throw new InvalidDataException($"Not a RESP2 reply: '{line}'.");
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await _stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new EndOfStreamException("Redis closed the connection before its reply was complete.");
            }

            if (one[0] == '\n' && line.Count > 0 && line[^1] == '\r')
            {
                line.RemoveAt(line.Count - 1);
                if (line.Count == 0)
                {
                    throw new InvalidDataException("An empty RESP line.");
                }

                return Encoding.UTF8.GetString([.. line]);
            }

            line.Add(one[0]);
        }
    }
}
