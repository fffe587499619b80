using SignalRPub.Routing;

namespace SignalRPub.Upstreams;

/// <summary>
/// Smooth weighted round robin: each pick adds every eligible node's weight to its score, takes the highest
/// and subtracts the eligible total from it. Weights 3:1 give a, a, b, a, then again; a zero weight is never picked.
/// </summary>
internal sealed class SmoothWeightedRoundRobin(IReadOnlyList<UpstreamNode> nodes) : INodeBalancer
{
    private readonly int[] _scores = new int[nodes.Count];
    private readonly Lock _lock = new();

    public int Pick(string hashKey, Func<int, bool> isEligible)
    {
        lock (_lock)
        {
            var best = -1;
            var total = 0;
            for (var i = 0; i < nodes.Count; i++)
            {
                if (nodes[i].Weight == 0 || !isEligible(i))
                {
                    continue;
                }

                _scores[i] += nodes[i].Weight;
                total += nodes[i].Weight;
                if (best < 0 || _scores[i] > _scores[best])
                {
                    best = i;
                }
            }

            if (best >= 0)
            {
                _scores[best] -= total;
            }

            return best;
        }
    }
}
