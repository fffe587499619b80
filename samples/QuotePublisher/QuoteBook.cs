namespace SignalRPub.Samples.QuotePublisher;

/// <summary>A random walk of prices and growing volumes, one instrument after another.</summary>
internal sealed class QuoteBook
{
    private const string TopicPrefix = "hq_100001_";

    private readonly Random _random;
    private readonly TimeProvider _time;
    private readonly string[] _topics;
    private readonly double[] _last;
    private readonly long[] _volume;
    private int _next;

    public QuoteBook(int firstCode, int count, Random random, TimeProvider time)
    {
        _random = random;
        _time = time;
        _topics = [.. Enumerable.Range(firstCode, count).Select(code => TopicPrefix + code)];
        _last = [.. Enumerable.Range(0, count).Select(i => 10 + (i * 1.5))];
        _volume = new long[count];
    }

    /// <summary>The topics quoted, in the order they are quoted.</summary>
    public IReadOnlyList<string> Topics => _topics;

    /// <summary>The next instrument's next quote.</summary>
    public (string Topic, Quote Quote) Next()
    {
        var i = _next;
        _next = (_next + 1) % _topics.Length;
        var last = Math.Max(0.05, _last[i] * (1 + ((_random.NextDouble() - 0.5) * 0.004)));
        _last[i] = last;
        _volume[i] += _random.Next(1, 100) * 100;
        var spread = Math.Max(0.01, last * 0.0005);
        var quote = new Quote(
            Math.Round(last, 2),
            Math.Round(last - spread, 2),
            Math.Round(last + spread, 2),
            _volume[i],
            _time.GetUtcNow().ToUnixTimeMilliseconds());
        return (_topics[i], quote);
    }
}
