using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SignalRPub.Redis.Tests.Infrastructure;

/// <summary>
/// A server the tests run in a process of its own (<c>redis-server</c>, a gateway node): its output goes to a
/// <see cref="ProcessOutput"/>, it can be ended abruptly (SIGKILL, nothing of its shutdown runs), asked to stop
/// (SIGTERM), or frozen (SIGSTOP: it still holds its sockets but answers nothing). Every wait is bounded.
/// </summary>
internal sealed class ChildProcess
{
    private const int SigKill = 9;
    private const int SigTerm = 15;
    private const int SigCont = 18;
    private const int SigStop = 19;

    // What the test run left running, ended when the test host exits normally even if a test never disposed it.
    private static readonly HashSet<Process> Running = [];

    private readonly Process _process;
    private readonly Task _exited;

    static ChildProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            lock (Running)
            {
                foreach (var process in Running)
                {
                    TryKill(process);
                }
            }
        };
    }

    private ChildProcess(Process process, ProcessOutput output)
    {
        _process = process;
        Output = output;
        _exited = WatchAsync();
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Where its output goes.</summary>
    public ProcessOutput Output { get; }

    /// <summary>Whether it has exited (and its output has been read to the end).</summary>
    public bool HasExited => _exited.IsCompleted;

    /// <summary>Completes when it has exited and its output has been read to the end.</summary>
    public Task Exited => _exited;

    /// <summary>Starts <paramref name="start"/> with its output (both streams) going to <paramref name="output"/>.</summary>
    public static ChildProcess Start(ProcessStartInfo start, ProcessOutput output)
    {
        if (!OperatingSystem.IsLinux())
        {
            // The signals below are Linux's numbers; the CI machine and the developers' are Linux.
            throw new PlatformNotSupportedException("The Redis tests run servers in child processes on Linux only.");
        }

        start.UseShellExecute = false;
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Receive(output, e.Data);
        process.ErrorDataReceived += (_, e) => Receive(output, e.Data);

        output.Add($"[{Now} start] {start.FileName} {string.Join(' ', start.ArgumentList.Select(a => a.Length == 0 ? "\"\"" : a))}");
        process.Start();
        lock (Running)
        {
            Running.Add(process);
        }

        output.Add($"[{Now} started] pid {process.Id}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process, output);
    }

    /// <summary>Ends it and every process it started with SIGKILL, and waits until it is gone: none of its shutdown runs.</summary>
    public Task KillAsync()
    {
        TryKill(_process);
        return WaitForExitAsync(TestTimeouts.CleanUp, "to end after SIGKILL");
    }

    /// <summary>Sends SIGTERM (a graceful shutdown) and waits, within <paramref name="timeout"/>, until it has exited.</summary>
    public Task TerminateAsync(TimeSpan timeout)
    {
        Signal(SigTerm);
        return WaitForExitAsync(timeout, "to exit after SIGTERM");
    }

    /// <summary>Freezes it (SIGSTOP): its sockets stay open, but nothing it receives is answered.</summary>
    public void Pause() => Signal(SigStop);

    /// <summary>Lets a frozen process run again (SIGCONT).</summary>
    public void Resume() => Signal(SigCont);

    /// <summary>Waits until it has exited; if it has not within <paramref name="timeout"/>, kills it and fails with its output.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout, string what)
    {
        try
        {
            await _exited.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            TryKill(_process);
            throw new TimeoutException($"Process {Id} did not exit within {timeout.TotalSeconds} s ({what}); it was killed.{Environment.NewLine}{Output}");
        }
    }

    /// <summary>
    /// Waits until <paramref name="probe"/> answers true (e.g. a PING answered, <c>/healthz</c> 200), failing early when
    /// the process exits and after <see cref="TestTimeouts.Default"/> at the latest, with its output in the message.
    /// </summary>
    /// <remarks>
    /// A server that was just started signals nothing a test can await besides its log text, so this asks it again
    /// every few milliseconds: the one place where these tests poll, always bounded, and only for readiness.
    /// </remarks>
    public async Task WaitUntilReadyAsync(Func<CancellationToken, Task<bool>> probe, string what)
    {
        using var deadline = new CancellationTokenSource(TestTimeouts.Default);
        while (true)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"Process {Id} exited before {what}.{Environment.NewLine}{Output}");
            }

            try
            {
                if (await probe(deadline.Token))
                {
                    return;
                }

                await Task.WhenAny(_exited, Task.Delay(TimeSpan.FromMilliseconds(25), deadline.Token));
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"Still waiting after {TestTimeouts.Default.TotalSeconds} s for {what} (process {Id}).{Environment.NewLine}{Output}");
            }
        }
    }

    private static string Now => DateTime.Now.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);

    private static void Receive(ProcessOutput output, string? line)
    {
        // Null marks the end of a stream.
        if (line is not null)
        {
            output.Add(line);
        }
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private async Task WatchAsync()
    {
        // Waits for the exit and for the end of both output streams.
        await _process.WaitForExitAsync();
        lock (Running)
        {
            Running.Remove(_process);
        }

        Output.Add($"[{Now} exited] pid {_process.Id}, code {_process.ExitCode}");
    }

    private void Signal(int signal)
    {
        if (!HasExited && NativeMethods.Kill(_process.Id, signal) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (!HasExited)
            {
                throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed with errno {error}.");
            }
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        public static extern int Kill(int pid, int signal);
    }
}
