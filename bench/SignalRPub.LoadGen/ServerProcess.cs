using System.Globalization;

namespace SignalRPub.LoadGen;

/// <summary>Reads the server's resident memory, thread count, open descriptors and CPU time from /proc.</summary>
internal static class ServerProcess
{
    public static long RssKilobytes(int pid) => StatusField(pid, "VmRSS:");

    /// <summary>The server's OS threads (the thread pool's workers and I/O threads among them).</summary>
    public static long Threads(int pid) => StatusField(pid, "Threads:");

    /// <summary>The server's open file descriptors (sockets, files, pipes, epoll and event handles); 0 when unknown.</summary>
    public static long OpenDescriptors(int pid)
    {
        try
        {
            return pid <= 0 ? 0 : Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").LongCount();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>The RSS of several servers added up.</summary>
    public static long RssKilobytes(IEnumerable<int> pids) => pids.Sum(RssKilobytes);

    /// <summary>The CPU time of several servers added up.</summary>
    public static double CpuSeconds(IEnumerable<int> pids) => pids.Sum(CpuSeconds);

    public static double CpuSeconds(int pid)
    {
        if (pid <= 0 || !File.Exists($"/proc/{pid}/stat"))
        {
            return 0;
        }

        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / 100.0;
    }

    /// <summary>The first number of a line of <c>/proc/&lt;pid&gt;/status</c>; 0 when the process or the line is not there.</summary>
    private static long StatusField(int pid, string name)
    {
        if (pid <= 0 || !File.Exists($"/proc/{pid}/status"))
        {
            return 0;
        }

        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            // The process ended between the check and the read.
            return 0;
        }
    }
}
