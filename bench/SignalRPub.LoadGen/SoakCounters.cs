using System.Collections.Concurrent;

namespace SignalRPub.LoadGen;

/// <summary>
/// What the soak saw, counted by name (<c>churn.sub_put.http.200</c>, <c>bad.binary-frame.close-1003</c>, …); a
/// name ending in <c>!</c> is an outcome that breaks the contract. Deliveries have their own counter (the hot path).
/// </summary>
internal sealed class SoakCounters
{
    public const string Unexpected = "!";

    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private long _deliveries;

    public long Deliveries => Interlocked.Read(ref _deliveries);

    public void Delivered() => Interlocked.Increment(ref _deliveries);

    public void Add(string name, long n = 1) => _counts.AddOrUpdate(name, n, (_, v) => v + n);

    public long this[string name] => _counts.GetValueOrDefault(name);

    /// <summary>The sum of every count whose name starts with <paramref name="prefix"/> and ends with <paramref name="suffix"/>.</summary>
    public long Sum(string prefix, string suffix = "") =>
        _counts.Where(c => c.Key.StartsWith(prefix, StringComparison.Ordinal) && c.Key.EndsWith(suffix, StringComparison.Ordinal)).Sum(c => c.Value);

    public SortedDictionary<string, long> Snapshot() => new(_counts, StringComparer.Ordinal);
}
