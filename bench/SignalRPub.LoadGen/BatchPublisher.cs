using System.Diagnostics;
using System.Text;

namespace SignalRPub.LoadGen;

/// <summary>
/// The fan-out scenarios' publisher, whatever carries its batches: saturating with <c>--in-flight</c> batches of
/// <c>--batch</c> messages outstanding (<c>--rate 0</c>) or paced at <c>--rate</c> messages a second, the topics taken
/// in turn and each batch sent to the next node in turn. Every message's data is
/// <c>{"ts":&lt;timestamp&gt;,"seq":&lt;n&gt;[,"n":&lt;node&gt;],"pad":"xx…"}</c>: the same bytes whatever the carrier,
/// so a message is as long on every peer. A derived class only sends a batch and returns once the server has taken it.
/// </summary>
internal abstract class BatchPublisher(LoadGenOptions options, int[][] subscribers, bool tagged) : IAsyncDisposable
{
    /// <summary><c>,"n":0</c>: what the node tag adds to a message (taken off the padding, so a message is as long either way).</summary>
    private const int NodeTagLength = 6;

    /// <summary>What the data holds besides the padding: <c>{"ts":…,"seq":…,"pad":""}</c> with room for the numbers.</summary>
    private const int DataOverhead = 40;

    private readonly string _padding = new('x', Math.Max(0, options.PayloadBytes - DataOverhead - (tagged ? NodeTagLength : 0)));
    private int _nextTopic;
    private int _nextNode;
    private long _sequence;

    /// <summary>The nodes the batches go to, in turn.</summary>
    protected int Nodes => subscribers.Length;

    protected LoadGenOptions Options => options;

    /// <summary>Publishes for <paramref name="duration"/> and returns what was published and the deliveries owed.</summary>
    public async Task<PublishTally> RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var tally = new PublishTally(Nodes);
        var clock = Stopwatch.StartNew();
        async Task Worker()
        {
            while (clock.Elapsed < duration)
            {
                if (options.Rate > 0)
                {
                    // Paced: the batch is due when the rate says so.
                    var due = TimeSpan.FromSeconds(tally.Published / (double)options.Rate);
                    if (due > clock.Elapsed)
                    {
                        await Task.Delay(due - clock.Elapsed, cancellationToken);
                    }
                }

                var node = (Interlocked.Increment(ref _nextNode) & int.MaxValue) % Nodes;
                var (messages, expectedOn, fromOtherNodesOn) = Batch(node);
                await SendAsync(node, messages, cancellationToken);
                tally.Add(node, messages.Length, expectedOn, fromOtherNodesOn);
            }
        }

        var workers = options.Rate > 0 ? 1 : options.InFlight;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(Worker, cancellationToken)));
        return tally;
    }

    /// <summary>Sends one batch to <paramref name="node"/>; completes when the server has accepted all of it.</summary>
    protected abstract Task SendAsync(int node, (string Topic, string Data)[] messages, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    private ((string Topic, string Data)[] Messages, long[] ExpectedOn, long[] FromOtherNodesOn) Batch(int node)
    {
        var expectedOn = new long[Nodes];
        var fromOtherNodesOn = new long[Nodes];
        var count = options.Rate > 0 ? Math.Max(1, Math.Min(options.Batch, options.Rate / 50)) : options.Batch;
        var messages = new (string Topic, string Data)[count];
        var data = new StringBuilder();
        for (var m = 0; m < count; m++)
        {
            var topic = Interlocked.Increment(ref _nextTopic) % options.Topics;
            for (var n = 0; n < Nodes; n++)
            {
                expectedOn[n] += subscribers[n][topic];
                fromOtherNodesOn[n] += n == node ? 0 : subscribers[n][topic];
            }

            data.Clear().Append("{\"ts\":").Append(Stopwatch.GetTimestamp()).Append(",\"seq\":").Append(Interlocked.Increment(ref _sequence));
            if (tagged)
            {
                data.Append(",\"n\":").Append(node);
            }

            data.Append(",\"pad\":\"").Append(_padding).Append("\"}");
            messages[m] = (LoadGenOptions.TopicName(topic), data.ToString());
        }

        return (messages, expectedOn, fromOtherNodesOn);
    }
}
