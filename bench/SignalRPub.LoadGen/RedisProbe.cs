using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace SignalRPub.LoadGen;

/// <summary>
/// Reads a Redis server's <c>INFO</c> sections over one TCP connection, speaking just enough RESP for it (an
/// array of bulk strings out; a bulk string, a simple string or an error back). It counts the commands and bytes it
/// exchanges itself, so a reading can leave its own traffic out of the server's totals.
/// </summary>
internal sealed class RedisProbe : IAsyncDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    private readonly string _endpoint;
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private byte[] _buffer = new byte[16384];
    private int _start;
    private int _end;
    private long _commands;
    private long _sentBytes;
    private long _receivedBytes;
    private bool? _oneSectionAtATime;

    private RedisProbe(string endpoint, TcpClient tcp)
    {
        _endpoint = endpoint;
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>Connects to <c>host:port</c>; throws with the endpoint named when Redis cannot be reached.</summary>
    public static async Task<RedisProbe> ConnectAsync(string endpoint, CancellationToken cancellationToken)
    {
        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            throw new ArgumentException($"--redis wants host:port, not '{endpoint}'");
        }

        var tcp = new TcpClient { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(s_timeout);
            await tcp.ConnectAsync(endpoint[..colon], port, timeout.Token);
            return new RedisProbe(endpoint, tcp);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            tcp.Dispose();
            throw new LoadGenException($"cannot reach Redis at {endpoint}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Reads <c>INFO stats memory cpu commandstats</c>: one command, so the four are one moment's figures (Redis 7);
    /// from an older Redis, which takes one section at a time, the four in that order.
    /// </summary>
    public async Task<RedisReading> ReadAsync(CancellationToken cancellationToken)
    {
        // What this probe had exchanged just before INFO stats: see RedisReading.Since for how it is left out.
        var (commands, sent, received) = (_commands, _sentBytes, _receivedBytes);
        Dictionary<string, string> stats, memory, cpu, commandStats;
        try
        {
            stats = memory = cpu = commandStats = await InfoAsync(["stats", "memory", "cpu", "commandstats"], cancellationToken);
        }
        catch (RedisErrorException) when (_oneSectionAtATime is null)
        {
            _oneSectionAtATime = true;
            return await ReadAsync(cancellationToken);
        }

        if (_oneSectionAtATime == true)
        {
            memory = await InfoAsync(["memory"], cancellationToken);
            cpu = await InfoAsync(["cpu"], cancellationToken);
            commandStats = await InfoAsync(["commandstats"], cancellationToken);
        }

        _oneSectionAtATime ??= false;

        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, value) in commandStats)
        {
            // cmdstat_publish:calls=12,usec=34,usec_per_call=2.83,rejected_calls=0,failed_calls=0
            if (key.StartsWith("cmdstat_", StringComparison.Ordinal) && value.StartsWith("calls=", StringComparison.Ordinal))
            {
                var end = value.IndexOf(',');
                calls[key["cmdstat_".Length..]] = long.Parse(value.AsSpan(6, (end < 0 ? value.Length : end) - 6), CultureInfo.InvariantCulture);
            }
        }

        return new RedisReading(
            Long(stats, "total_commands_processed"),
            Long(stats, "total_net_input_bytes"),
            Long(stats, "total_net_output_bytes"),
            Long(memory, "used_memory"),
            Double(cpu, "used_cpu_user") + Double(cpu, "used_cpu_sys"),
            calls,
            commands,
            sent,
            received);
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }

    private long Long(Dictionary<string, string> section, string key) =>
        long.Parse(Field(section, key), CultureInfo.InvariantCulture);

    private double Double(Dictionary<string, string> section, string key) =>
        double.Parse(Field(section, key), CultureInfo.InvariantCulture);

    private string Field(Dictionary<string, string> section, string key) =>
        section.TryGetValue(key, out var value) ? value : throw new LoadGenException($"Redis at {_endpoint} gave no {key} in INFO");

    /// <summary><c>INFO</c> of the given sections (all of them, or only the first when this Redis takes one at a time), as key → value.</summary>
    private async Task<Dictionary<string, string>> InfoAsync(string[] sections, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] args = ["INFO", .. _oneSectionAtATime == true ? sections[..1] : sections];
        foreach (var line in (await CommandAsync(args, cancellationToken)).Split("\r\n"))
        {
            var colon = line.IndexOf(':');
            if (line.Length > 0 && line[0] != '#' && colon > 0)
            {
                fields[line[..colon]] = line[(colon + 1)..];
            }
        }

        return fields;
    }

    /// <summary>Sends one command and returns its reply, a bulk or simple string; an error reply throws.</summary>
    private async Task<string> CommandAsync(string[] args, CancellationToken cancellationToken)
    {
        var request = new StringBuilder().Append('*').Append(args.Length).Append("\r\n");
        foreach (var arg in args)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(arg)).Append("\r\n").Append(arg).Append("\r\n");
        }

        var bytes = Encoding.UTF8.GetBytes(request.ToString());
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_timeout);
        try
        {
            await _stream.WriteAsync(bytes, timeout.Token);
            _sentBytes += bytes.Length;
            _commands++;
            var header = await ReadLineAsync(timeout.Token);
            switch (header[0])
            {
                case '$':
                    var length = int.Parse(header.AsSpan(1), CultureInfo.InvariantCulture);
                    if (length < 0)
                    {
                        return "";
                    }

                    await FillAsync(length + 2, timeout.Token);
                    var text = Encoding.UTF8.GetString(_buffer, _start, length);
                    _start += length + 2;
                    return text;
                case '+':
                    return header[1..];
                case '-':
                    throw new RedisErrorException($"Redis at {_endpoint} answered {string.Join(' ', args)} with {header}");
                default:
                    throw new LoadGenException($"Redis at {_endpoint} answered {string.Join(' ', args)} with an unexpected reply: {header}");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LoadGenException($"Redis at {_endpoint} did not answer {string.Join(' ', args)} within {s_timeout.TotalSeconds:F0} s");
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var searched = 0;
        while (true)
        {
            var at = _buffer.AsSpan(_start + searched, _end - _start - searched).IndexOf("\r\n"u8);
            if (at >= 0)
            {
                var line = Encoding.UTF8.GetString(_buffer, _start, searched + at);
                _start += searched + at + 2;
                return line.Length > 0 ? line : throw new LoadGenException($"Redis at {_endpoint} sent an empty line");
            }

            // A \r at the end may be the first half of the terminator: search it again with what comes next.
            searched = Math.Max(0, _end - _start - 1);
            await FillAsync(_end - _start + 1, cancellationToken);
        }
    }

    /// <summary>Reads until at least <paramref name="count"/> unread bytes are buffered.</summary>
    private async Task FillAsync(int count, CancellationToken cancellationToken)
    {
        if (_buffer.Length - _start < count)
        {
            // Move what is unread to the front, into a bigger buffer when it does not fit.
            var target = _buffer.Length >= count ? _buffer : new byte[Math.Max(_buffer.Length * 2, count)];
            _buffer.AsSpan(_start, _end - _start).CopyTo(target);
            (_buffer, _end, _start) = (target, _end - _start, 0);
        }

        while (_end - _start < count)
        {
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                throw new LoadGenException($"Redis at {_endpoint} closed the connection");
            }

            _end += read;
            _receivedBytes += read;
        }
    }
}
