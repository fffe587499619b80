using System.Globalization;

namespace SignalRPub.LoadGen;

/// <summary>
/// What Redis cost in a fan-out run: its commands, bytes (in + out, as <c>INFO stats</c> counts them on every
/// connection: the nodes' and anyone else's) and CPU in the measured window (from its start until every message
/// published in it had arrived), per published message and per delivery; its memory before and after the clients
/// connected and at the end; and the commands the connecting cost. The probe's own traffic is left out.
/// </summary>
internal sealed record RedisReport(
    string Endpoint,
    long Commands,
    long NetInputBytes,
    long NetOutputBytes,
    double CpuSeconds,
    double CommandsPerMessage,
    double BytesInPerMessage,
    double BytesOutPerMessage,
    double BytesPerMessage,
    double CommandsPerDelivery,
    double BytesPerDelivery,
    double CpuMicrosecondsPerMessage,
    long UsedMemoryBeforeKb,
    long UsedMemoryConnectedKb,
    long UsedMemoryEndKb,
    double MemoryKbPerConnection,
    double CommandsPerConnection,
    IReadOnlyDictionary<string, long> WindowCalls)
{
    /// <summary>Below this many commands per published message Redis evidently carried no publishes.</summary>
    public const double Idle = 0.01;

    public static RedisReport Create(string endpoint, RedisReading before, RedisReading connected, RedisReading windowStart, RedisReading end,
        int connections, long published, long deliveries)
    {
        var window = end.Since(windowStart);
        double Per(double value, long count) => count > 0 ? value / count : -1;
        return new RedisReport(
            endpoint,
            window.Commands,
            window.NetInputBytes,
            window.NetOutputBytes,
            window.CpuSeconds,
            Per(window.Commands, published),
            Per(window.NetInputBytes, published),
            Per(window.NetOutputBytes, published),
            Per(window.NetInputBytes + window.NetOutputBytes, published),
            Per(window.Commands, deliveries),
            Per(window.NetInputBytes + window.NetOutputBytes, deliveries),
            Per(window.CpuSeconds * 1e6, published),
            before.UsedMemoryBytes / 1024,
            connected.UsedMemoryBytes / 1024,
            end.UsedMemoryBytes / 1024,
            Per((connected.UsedMemoryBytes - before.UsedMemoryBytes) / 1024.0, connections),
            Per(connected.Since(before).Commands, connections),
            window.Calls.Take(8).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal));
    }

    public string Line() => string.Create(CultureInfo.InvariantCulture,
        $"  [redis {Endpoint}] per message: commands={CommandsPerMessage:F3} bytes in={BytesInPerMessage:F0} out={BytesOutPerMessage:F0} in+out={BytesPerMessage:F0} cpu-us={CpuMicrosecondsPerMessage:F1}; " +
        $"per delivery: commands={CommandsPerDelivery:F4} bytes={BytesPerDelivery:F1}; window: commands={Commands} in={NetInputBytes} B out={NetOutputBytes} B cpu-s={CpuSeconds:F2}; " +
        $"memory KB before={UsedMemoryBeforeKb} connected={UsedMemoryConnectedKb} end={UsedMemoryEndKb} KB/conn={MemoryKbPerConnection:F2}; connecting: commands/conn={CommandsPerConnection:F2}; " +
        $"calls: {(WindowCalls.Count == 0 ? "none" : string.Join(' ', WindowCalls.Select(c => $"{c.Key}={c.Value}")))}");
}
