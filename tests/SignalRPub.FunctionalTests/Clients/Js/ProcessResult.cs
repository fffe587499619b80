namespace SignalRPub.FunctionalTests.Clients.Js;

/// <summary>How a child process ended: its exit code (null when it was killed at its timeout) and its output.</summary>
internal sealed record ProcessResult(string Command, int? ExitCode, string Output, TimeSpan Elapsed, TimeSpan? KilledAfter)
{
    /// <summary>Throws, with the output, unless the process exited with 0.</summary>
    public void AssertSucceeded(string what)
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed ({Describe()}):\n{Output}");
        }
    }

    /// <summary>"exit code 1 after 3.2 s", or "killed after its 120 s timeout".</summary>
    public string Describe() => KilledAfter is { } limit
        ? $"killed with its process tree after its {limit.TotalSeconds:0} s timeout"
        : $"exit code {ExitCode} after {Elapsed.TotalSeconds:0.0} s";
}
