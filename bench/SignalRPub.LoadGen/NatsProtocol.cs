using System.Buffers.Text;
using System.Text;

namespace SignalRPub.LoadGen;

/// <summary>
/// The few pieces of the NATS client protocol (docs.nats.io, "Client Protocol") the generator speaks: the commands it
/// sends and a reader of what a server sends, over TCP or WebSocket alike (on WebSocket the frames are only a
/// carrier: one may hold many operations or part of one, so the reader works on the bytes received so far).
/// </summary>
internal static class NatsProtocol
{
    /// <summary>No acknowledgement per command, no headers (so deliveries come as <c>MSG</c>, never <c>HMSG</c>).</summary>
    public static readonly byte[] Connect =
        "CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1,\"headers\":false,\"no_responders\":false}\r\n"u8.ToArray();

    public static readonly byte[] Ping = "PING\r\n"u8.ToArray();

    public static readonly byte[] Pong = "PONG\r\n"u8.ToArray();

    /// <summary>A control line longer than this without its end is not NATS (the server's own limit is 4 KiB).</summary>
    private const int MaxControlLine = 4096;

    /// <summary>
    /// Reads the operation at the start of <paramref name="buffer"/>; false when the buffer does not hold all of it
    /// yet (nothing consumed). Throws <see cref="InvalidDataException"/> on what is not a server operation.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> buffer, out NatsOp op)
    {
        op = default;
        var end = buffer.IndexOf("\r\n"u8);
        if (end < 0)
        {
            return buffer.Length <= MaxControlLine ? false : throw new InvalidDataException("a NATS control line longer than 4 KiB");
        }

        var line = buffer[..end];
        if (line.StartsWith("MSG "u8))
        {
            // The size is the line's last field, whether a reply subject comes before it or not.
            var size = line[(line.LastIndexOf((byte)' ') + 1)..];
            if (!Utf8Parser.TryParse(size, out int length, out var used) || used != size.Length || length < 0)
            {
                throw new InvalidDataException($"a MSG line without a size: {Encoding.ASCII.GetString(line)}");
            }

            var total = end + 2 + length + 2;
            if (buffer.Length < total)
            {
                return false;
            }

            op = new NatsOp(NatsOpKind.Msg, end + 2, length, total);
            return true;
        }

        op = line switch
        {
            _ when line.SequenceEqual("PING"u8) => new NatsOp(NatsOpKind.Ping, 0, 0, end + 2),
            _ when line.SequenceEqual("PONG"u8) => new NatsOp(NatsOpKind.Pong, 0, 0, end + 2),
            _ when line.SequenceEqual("+OK"u8) => new NatsOp(NatsOpKind.Ok, 0, 0, end + 2),
            _ when line.StartsWith("-ERR"u8) => new NatsOp(NatsOpKind.Err, Math.Min(5, end), Math.Max(0, end - 5), end + 2),
            _ when line.StartsWith("INFO "u8) => new NatsOp(NatsOpKind.Info, 5, end - 5, end + 2),
            _ => throw new InvalidDataException($"not a NATS server operation: {Encoding.ASCII.GetString(line)}"),
        };
        return true;
    }

    /// <summary>Appends <c>SUB &lt;subject&gt; &lt;sid&gt;</c> for each subject, the sids numbered from <paramref name="firstSid"/>.</summary>
    public static void AppendSubscriptions(StringBuilder commands, IEnumerable<string> subjects, int firstSid)
    {
        foreach (var subject in subjects)
        {
            commands.Append("SUB ").Append(subject).Append(' ').Append(firstSid++).Append("\r\n");
        }
    }

    /// <summary>Appends <c>PUB &lt;subject&gt; &lt;#bytes&gt;</c> (the payload's length in UTF-8) and the payload.</summary>
    public static void AppendPublish(StringBuilder commands, string subject, string payload) =>
        commands.Append("PUB ").Append(subject).Append(' ').Append(Encoding.UTF8.GetByteCount(payload)).Append("\r\n").Append(payload).Append("\r\n");
}
