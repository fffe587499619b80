namespace SignalRPub.LoadGen;

/// <summary>
/// What the fan-out publisher sent in one run and the deliveries it is owed, in total and per node: messages
/// published to each node, deliveries owed to the subscribers on each node, and the part of those published on
/// another node (what only a cluster carries). Thread safe.
/// </summary>
internal sealed class PublishTally(int nodes)
{
    private readonly long[] _publishedTo = new long[nodes];
    private readonly long[] _expectedOn = new long[nodes];
    private readonly long[] _fromOtherNodesOn = new long[nodes];
    private long _published;
    private long _expected;

    public long Published => Interlocked.Read(ref _published);

    public long Expected => Interlocked.Read(ref _expected);

    public long PublishedTo(int node) => Interlocked.Read(ref _publishedTo[node]);

    public long ExpectedOn(int node) => Interlocked.Read(ref _expectedOn[node]);

    public long FromOtherNodesOn(int node) => Interlocked.Read(ref _fromOtherNodesOn[node]);

    /// <summary>Counts one answered publish request of <paramref name="messages"/> messages sent to <paramref name="node"/>.</summary>
    public void Add(int node, int messages, long[] expectedOn, long[] fromOtherNodesOn)
    {
        Interlocked.Add(ref _publishedTo[node], messages);
        for (var n = 0; n < expectedOn.Length; n++)
        {
            Interlocked.Add(ref _expectedOn[n], expectedOn[n]);
            Interlocked.Add(ref _fromOtherNodesOn[n], fromOtherNodesOn[n]);
            Interlocked.Add(ref _expected, expectedOn[n]);
        }

        Interlocked.Add(ref _published, messages);
    }
}
