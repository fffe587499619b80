using System.Diagnostics;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace SignalRPub.Redis.Tests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> (from PATH) of one test: on a loopback port of its own, with a temporary directory of
/// its own, no persistence unless asked (<see cref="StopAsync"/> keeps the data), killed and its directory deleted at
/// dispose. It can be stopped and started again on the same port, restarted empty, or frozen, in the middle of a test.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    /// <summary>The executable looked up on PATH; <c>.ci/run</c> installs the Debian package when it is missing.</summary>
    public const string Executable = "redis-server";

    private const string DumpFile = "dump.rdb";

    private readonly string _directory;
    private readonly ITestOutputHelper? _testOutput;
    private ChildProcess? _process;
    private bool _paused;

    private RedisServer(int port, string directory, ITestOutputHelper? testOutput)
    {
        Port = port;
        _directory = directory;
        _testOutput = testOutput;
    }

    /// <summary>The port on 127.0.0.1, the same across stops and starts.</summary>
    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string for this server, e.g. <c>127.0.0.1:20123,abortConnect=false</c>.</summary>
    public string ConfigurationString => $"127.0.0.1:{Port},abortConnect=false";

    /// <summary>The server's log (it logs to standard output), across stops and starts.</summary>
    public ProcessOutput Output { get; } = new();

    /// <summary>Whether the process runs now (frozen counts as running).</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>
    /// Starts a server and waits until it answers <c>PING</c>. With <paramref name="testOutput"/>, its log is written
    /// there at dispose (xunit shows it for a failing test).
    /// </summary>
    public static async Task<RedisServer> LaunchAsync(ITestOutputHelper? testOutput = null)
    {
        var directory = Directory.CreateTempSubdirectory("signalrpub-redis-").FullName;
        var server = new RedisServer(LoopbackPorts.Take(), directory, testOutput);
        try
        {
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts the server (again) on <see cref="Port"/> and waits until it answers <c>PING</c>; it loads what the last
    /// <see cref="StopAsync"/> saved, if anything.
    /// </summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("The Redis server is running already.");
        }

        var start = new ProcessStartInfo(Executable) { WorkingDirectory = _directory };
        foreach (var argument in (string[])[
            "--bind", "127.0.0.1",
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--dir", _directory,
            "--dbfilename", DumpFile,
            "--save", "",
            "--appendonly", "no",
            "--daemonize", "no",
            "--logfile", ""])
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            _process = ChildProcess.Start(start, Output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"'{Executable}' could not be started ({e.Message}); the Redis tests need it on PATH (Debian: apt-get install redis-server).", e);
        }

        _paused = false;
        await _process.WaitUntilReadyAsync(PingsAsync, $"redis-server on port {Port} to answer PING");
    }

    /// <summary>
    /// Stops the server; the port stays this server's for <see cref="StartAsync"/>. With <paramref name="keepData"/> it
    /// saves its data first (<c>SHUTDOWN SAVE</c>), as a server with persistence does, and the next start loads it;
    /// without, it is killed (SIGKILL) and its data is gone.
    /// </summary>
    public async Task StopAsync(bool keepData = true)
    {
        var process = _process ?? throw new InvalidOperationException("The Redis server was never started.");
        if (process.HasExited)
        {
            throw new InvalidOperationException("The Redis server is stopped already.");
        }

        if (_paused)
        {
            Resume();
        }

        if (keepData)
        {
            using var timeout = new CancellationTokenSource(TestTimeouts.CleanUp);
            await using var connection = await RespConnection.ConnectAsync(Port, timeout.Token);

            // Answered by closing the connection once the data is saved, when the process exits.
            await connection.SendAsync(["SHUTDOWN", "SAVE"], timeout.Token);
            await process.WaitForExitAsync(TestTimeouts.CleanUp, "SHUTDOWN SAVE");
        }
        else
        {
            await process.KillAsync();
            File.Delete(Path.Combine(_directory, DumpFile));
        }
    }

    /// <summary>Stops the server (if it runs) losing all its data, and starts it again on the same port: Redis restarted empty.</summary>
    public async Task RestartEmptyAsync()
    {
        if (IsRunning)
        {
            await StopAsync(keepData: false);
        }
        else
        {
            File.Delete(Path.Combine(_directory, DumpFile));
        }

        await StartAsync();
    }

    /// <summary>
    /// Freezes the server (SIGSTOP): connections stay open and commands are accepted by the kernel but never answered,
    /// as from a Redis that hangs or a network that drops everything. <see cref="Resume"/> lets it go on.
    /// </summary>
    public void Pause()
    {
        (_process ?? throw new InvalidOperationException("The Redis server was never started.")).Pause();
        _paused = true;
    }

    /// <summary>Lets a server frozen by <see cref="Pause"/> run again (SIGCONT); it answers what piled up.</summary>
    public void Resume()
    {
        _process?.Resume();
        _paused = false;
    }

    /// <summary>Runs one command on a fresh connection and returns its reply (see <see cref="RespConnection"/> for the types).</summary>
    public async Task<object?> ExecuteAsync(params string[] command)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        await using var connection = await RespConnection.ConnectAsync(Port, timeout.Token);
        return await connection.ExecuteAsync(command, timeout.Token);
    }

    /// <summary>The number of keys in database 0 (<c>DBSIZE</c>).</summary>
    public async Task<long> DbSizeAsync() => (long)(await ExecuteAsync("DBSIZE"))!;

    /// <summary>The keys matching <paramref name="pattern"/> (<c>KEYS</c>), sorted.</summary>
    public async Task<string[]> KeysAsync(string pattern = "*") => Sorted(await ExecuteAsync("KEYS", pattern));

    /// <summary>The Pub/Sub channels with a subscriber, matching <paramref name="pattern"/> (<c>PUBSUB CHANNELS</c>), sorted.</summary>
    public async Task<string[]> ChannelsAsync(string pattern = "*") => Sorted(await ExecuteAsync("PUBSUB", "CHANNELS", pattern));

    /// <summary>
    /// The fields of <c>INFO <paramref name="section"/></c>, e.g. <c>total_commands_processed</c> and
    /// <c>total_net_input_bytes</c> of <c>stats</c>, or <c>connected_clients</c> of <c>clients</c>.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> InfoAsync(string section = "stats")
    {
        var text = (string)(await ExecuteAsync("INFO", section))!;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (!line.StartsWith('#') && colon > 0)
            {
                fields[line[..colon]] = line[(colon + 1)..];
            }
        }

        return fields;
    }

    /// <summary>
    /// A StackExchange.Redis client of this server, for what the fixture does not offer (its events signal a lost and
    /// a restored connection). The caller disposes it.
    /// </summary>
    public async Task<ConnectionMultiplexer> ConnectClientAsync()
    {
        var options = ConfigurationOptions.Parse(ConfigurationString);
        options.ConnectTimeout = (int)TestTimeouts.CleanUp.TotalMilliseconds;
        return await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(TestTimeouts.Default);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_process is { HasExited: false } process)
            {
                await process.KillAsync();
            }
        }
        finally
        {
            _testOutput?.WriteLine($"--- redis-server 127.0.0.1:{Port} ---{Environment.NewLine}{Output}");
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held: the directory is in the temp folder, which the machine cleans.
            }
        }
    }

    private static string[] Sorted(object? reply) => [.. ((object?[])reply!).Select(k => (string)k!).Order(StringComparer.Ordinal)];

    private async Task<bool> PingsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await RespConnection.ConnectAsync(Port, cancellationToken);
            return await connection.ExecuteAsync(["PING"], cancellationToken) is "PONG";
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or RedisErrorReplyException)
        {
            // Not listening yet, or still loading its data (-LOADING).
            return false;
        }
    }
}
