using System.Collections;
using Xunit.Abstractions;

namespace SignalRPub.Redis.Tests.Infrastructure;

/// <summary>
/// Two or more <see cref="GatewayNode"/>s joined through one <see cref="RedisServer"/>, named <c>a</c>, <c>b</c>,
/// <c>c</c>…, started side by side and disposed together.
/// </summary>
internal sealed class GatewayCluster : IReadOnlyList<GatewayNode>, IAsyncDisposable
{
    private readonly GatewayNode[] _nodes;

    private GatewayCluster(GatewayNode[] nodes)
    {
        _nodes = nodes;
    }

    public int Count => _nodes.Length;

    public GatewayNode this[int index] => _nodes[index];

    /// <summary>
    /// Starts <paramref name="count"/> nodes on <paramref name="redis"/> at once; <paramref name="configure"/> is
    /// called for each with its index, after <c>UseRedis</c> and the name are set.
    /// </summary>
    public static async Task<GatewayCluster> LaunchAsync(
        RedisServer redis,
        int count = 2,
        ITestOutputHelper? testOutput = null,
        Action<int, GatewayNodeOptions>? configure = null)
    {
        var launches = Enumerable.Range(0, count)
            .Select(i => GatewayNode.LaunchAsync(
                options =>
                {
                    options.Name = ((char)('a' + i)).ToString();
                    options.UseRedis(redis);
                    configure?.Invoke(i, options);
                },
                testOutput))
            .ToArray();
        try
        {
            return new GatewayCluster(await Task.WhenAll(launches));
        }
        catch
        {
            // Those that started are not left running.
            foreach (var launch in launches.Where(l => l.IsCompletedSuccessfully))
            {
                await launch.Result.DisposeAsync();
            }

            throw;
        }
    }

    public IEnumerator<GatewayNode> GetEnumerator() => ((IEnumerable<GatewayNode>)_nodes).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }
}
