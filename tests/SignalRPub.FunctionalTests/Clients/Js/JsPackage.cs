using System.Diagnostics;
using System.Text;

namespace SignalRPub.FunctionalTests.Clients.Js;

/// <summary>
/// The npm package in clients/js: made ready once per test run (<c>npm ci</c> when node_modules is missing or older
/// than package-lock.json, then <c>npm run build</c>), and its Node test files run with <c>node --test</c>.
/// </summary>
internal static class JsPackage
{
    /// <summary>Node 20 is the oldest version the package supports.</summary>
    private const int MinimumNodeMajor = 20;

    private static readonly TimeSpan s_prepareTimeout = TimeSpan.FromMinutes(5);
    private static readonly Lazy<Task<string>> s_ready = new(PrepareAsync);

    /// <summary>The major version of node on PATH, once <see cref="ReadyAsync"/> has completed.</summary>
    public static int NodeMajor { get; private set; }

    /// <summary>The package's folder, clients/js, once it is installed and built.</summary>
    public static Task<string> ReadyAsync() => s_ready.Value;

    /// <summary>Runs <c>node --test</c> on <paramref name="testFile"/> (under clients/js/test) with <paramref name="environment"/>.</summary>
    public static async Task<ProcessResult> RunTestFileAsync(string testFile, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var folder = await ReadyAsync();
        return await RunAsync(
            "node",
            ["--test", "--test-reporter=spec", Path.Combine("test", testFile)],
            folder,
            environment,
            timeout);
    }

    private static async Task<string> PrepareAsync()
    {
        var folder = Path.Combine(RepositoryRoot(), "clients", "js");
        var version = await RunAsync(RequireOnPath("node"), ["--version"], folder, new Dictionary<string, string>(), TimeSpan.FromSeconds(30));
        version.AssertSucceeded("node --version");
        if (!int.TryParse(version.Output.Trim().TrimStart('v').Split('.')[0], out var major) || major < MinimumNodeMajor)
        {
            throw new InvalidOperationException($"The JavaScript client's tests need Node.js {MinimumNodeMajor} or later; node on PATH is {version.Output.Trim()}.");
        }

        NodeMajor = major;

        RequireOnPath("npm");
        var installed = new FileInfo(Path.Combine(folder, "node_modules", ".package-lock.json"));
        var lockFile = new FileInfo(Path.Combine(folder, "package-lock.json"));
        if (!installed.Exists || installed.LastWriteTimeUtc < lockFile.LastWriteTimeUtc)
        {
            (await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], folder, new Dictionary<string, string>(), s_prepareTimeout)).AssertSucceeded("npm ci");
        }

        (await RunAsync("npm", ["run", "build"], folder, new Dictionary<string, string>(), s_prepareTimeout)).AssertSucceeded("npm run build");
        return folder;
    }

    private static string RequireOnPath(string program)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate) || File.Exists(candidate + ".exe") || File.Exists(candidate + ".cmd"))
            {
                return program;
            }
        }

        throw new InvalidOperationException(
            $"'{program}' is not on PATH: the JavaScript client's tests (clients/js) need Node.js {MinimumNodeMajor}+ with npm. " +
            "Install Node.js (e.g. the Debian package nodejs and npm) and run the tests again.");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SignalRPub.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No SignalRPub.sln above {AppContext.BaseDirectory}.");
    }

    private static async Task<ProcessResult> RunAsync(
        string program,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        // The exit can be seen before the last redirected lines are; this waits for them.
        process.WaitForExit();
        var command = $"{program} {string.Join(' ', start.ArgumentList)}";
        string text;
        lock (output)
        {
            text = output.ToString();
        }

        return new ProcessResult(command, timedOut ? null : process.ExitCode, text, stopwatch.Elapsed, timedOut ? timeout : null);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
