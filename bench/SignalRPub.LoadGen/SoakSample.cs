using System.Globalization;

namespace SignalRPub.LoadGen;

/// <summary>One reading of the soak, every <c>--sample-seconds</c>: the server's resources and what the clients saw so far.</summary>
internal sealed record SoakSample(
    double Seconds,
    long RssKb,
    long HeapBytes,
    long LiveHeapBytes,
    long BufferPoolBytes,
    long Gen0,
    long Gen1,
    long Gen2,
    long Threads,
    long ThreadPoolThreads,
    long OpenDescriptors,
    long Connections,
    long Registered,
    long ServerSlowConsumers,
    double DeliveredPerSecond,
    double ServerMessagesOutPerSecond,
    long HealthyDropped,
    long HealthyGaps,
    long Unexpected,
    long ServerLogBytes)
{
    public string Line() => string.Create(CultureInfo.InvariantCulture,
        $"[soak] t={Seconds,5:F0}s rss={RssKb / 1024.0,6:F1}MB heap={HeapBytes / 1048576.0,6:F1}MB live={LiveHeapBytes / 1048576.0,5:F1}MB pool={BufferPoolBytes / 1048576.0:F1}MB gc={Gen0}/{Gen1}/{Gen2} threads={Threads} pool-threads={ThreadPoolThreads} fds={OpenDescriptors} " +
        $"conns={Connections} registered={Registered} slow-closed={ServerSlowConsumers} delivered/s={DeliveredPerSecond:F0} server-out/s={ServerMessagesOutPerSecond:F0} " +
        $"healthy: dropped={HealthyDropped} gaps={HealthyGaps} unexpected={Unexpected} log={ServerLogBytes / 1024}KB");
}
