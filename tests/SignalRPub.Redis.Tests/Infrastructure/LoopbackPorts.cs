using System.Net;
using System.Net.Sockets;

namespace SignalRPub.Redis.Tests.Infrastructure;

/// <summary>
/// Free TCP ports on 127.0.0.1 for the servers the tests start in child processes (Redis, gateway nodes), each handed
/// out once per test run so that a server stopped for a restart finds its port still its own.
/// </summary>
/// <remarks>
/// A port is found free by binding it and releasing it again; the child binds it a moment later. In between, another
/// process could take it (a small race, accepted: the child then fails to start, with its log in the message).
/// Ports are taken below the kernel's ephemeral range, so that no outgoing connection (a client reconnecting to a
/// stopped Redis, say) is given a port a stopped server means to listen on again; when that range leaves no room
/// below it, the kernel picks (bind to port 0), and that guarantee is lost.
/// </remarks>
internal static class LoopbackPorts
{
    private const int Lowest = 10_000;

    private static readonly HashSet<int> Taken = [];

    private static readonly (int Low, int High) Range = ChooseRange();

    /// <summary>A port nothing on this machine listens on now, and that this run hands out to nobody else.</summary>
    public static int Take()
    {
        lock (Taken)
        {
            if (Range.High <= Range.Low)
            {
                return TakeFromKernel();
            }

            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var port = Random.Shared.Next(Range.Low, Range.High);
                if (!Taken.Contains(port) && IsFree(port))
                {
                    Taken.Add(port);
                    return port;
                }
            }

            throw new InvalidOperationException($"No free loopback port between {Range.Low} and {Range.High}.");
        }
    }

    private static int TakeFromKernel()
    {
        while (true)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
            if (Taken.Add(port))
            {
                return port;
            }
        }
    }

    private static bool IsFree(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static (int Low, int High) ChooseRange()
    {
        // Linux: "32768	60999". Elsewhere (or unreadable) assume the Linux default.
        var ephemeralStart = 32_768;
        try
        {
            var text = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range");
            var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 2 && int.TryParse(fields[0], out var start))
            {
                ephemeralStart = start;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        // At least a thousand ports to choose from, or none (then the kernel picks).
        return ephemeralStart - Lowest >= 1000 ? (Lowest, ephemeralStart) : (0, 0);
    }
}
