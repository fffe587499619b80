using SignalRPub.Routing;

namespace SignalRPub.Upstreams;

/// <summary>Smooth weighted round robin (as nginx and APISIX do): weights 3:1 give a, a, b, a, then again.</summary>
internal sealed class WeightedRoundRobin
{
    private readonly IReadOnlyList<UpstreamNode> _nodes;
    private readonly int[] _current;
    private readonly int _total;
    private readonly Lock _lock = new();

    public WeightedRoundRobin(IReadOnlyList<UpstreamNode> nodes)
    {
        _nodes = nodes;
        _current = new int[nodes.Count];
        _total = nodes.Sum(n => n.Weight);
    }

    public UpstreamNode Next()
    {
        lock (_lock)
        {
            var best = -1;
            for (var i = 0; i < _nodes.Count; i++)
            {
                _current[i] += _nodes[i].Weight;
                if (best < 0 || _current[i] > _current[best])
                {
                    best = i;
                }
            }

            _current[best] -= _total;
            return _nodes[best];
        }
    }
}
