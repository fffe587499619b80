using SignalRPub.Routing;

namespace SignalRPub.Upstreams;

/// <summary>
/// A hash ring with points per node in proportion to its weight. A key goes to the first point at or after its
/// hash; when that node is not eligible, to the next eligible one clockwise, so only that node's keys move.
/// </summary>
internal sealed class ConsistentHashRing : INodeBalancer
{
    private const int PointsPerWeight = 40;

    private readonly uint[] _points;
    private readonly int[] _owners;

    public ConsistentHashRing(IReadOnlyList<UpstreamNode> nodes)
    {
        var ring = new List<(uint Point, int Owner)>();
        for (var i = 0; i < nodes.Count; i++)
        {
            for (var p = 0; p < nodes[i].Weight * PointsPerWeight; p++)
            {
                ring.Add((Hash($"{nodes[i].Authority}#{p}"), i));
            }
        }

        ring.Sort((a, b) => a.Point.CompareTo(b.Point));
        _points = ring.Select(r => r.Point).ToArray();
        _owners = ring.Select(r => r.Owner).ToArray();
    }

    public int Pick(string hashKey, Func<int, bool> isEligible)
    {
        if (_points.Length == 0)
        {
            return -1;
        }

        var start = Array.BinarySearch(_points, Hash(hashKey));
        if (start < 0)
        {
            start = ~start;
        }

        for (var step = 0; step < _points.Length; step++)
        {
            var owner = _owners[(start + step) % _points.Length];
            if (isEligible(owner))
            {
                return owner;
            }
        }

        return -1;
    }

    // FNV-1a with a final avalanche: stable across processes, unlike string.GetHashCode.
    internal static uint Hash(string value)
    {
        var hash = 2166136261u;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 16777619u;
        }

        hash ^= hash >> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >> 13;
        hash *= 0xc2b2ae35;
        hash ^= hash >> 16;
        return hash;
    }
}
