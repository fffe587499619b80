using Polly;
using Polly.Retry;
using Refit;
using SignalRPub.Routing;

namespace SignalRPub.Upstreams;

/// <summary>
/// The live state of one upstream: its connection pool and Refit client, its balancer, the health of its nodes and
/// its retry pipeline. It is counted: one lease for the route tables that use it (held by <see cref="UpstreamStates"/>,
/// or by the one caller of a state made for one call) and one per call in flight; the last release disposes it.
/// </summary>
internal sealed class UpstreamState
{
    private static readonly Uri s_placeholder = new("http://upstream.invalid/");

    private readonly HttpClient _client;
    private int _leases = 1;

    public UpstreamState(UpstreamConfig config, ILoadBalancingPolicy policy, UpstreamConnector connector, UpstreamsOptions options, TimeProvider time)
    {
        Config = config;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(config.Timeout.Connect),
            ConnectCallback = connector.ConnectAsync,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
        };

        // The forwarder times each attempt itself.
        _client = new HttpClient(new UpstreamTargetHandler { InnerHandler = handler }) { BaseAddress = s_placeholder, Timeout = Timeout.InfiniteTimeSpan };
        Api = RestService.For<IUpstreamApi>(_client);
        Balancer = policy.Create(config.Nodes);
        Health = [.. config.Nodes.Select(_ => new NodeHealth(options.UnhealthyAfterFailures, TimeSpan.FromSeconds(options.UnhealthySeconds), time))];
        Retry = config.Retries == 0
            ? ResiliencePipeline<AttemptResult>.Empty
            : new ResiliencePipelineBuilder<AttemptResult> { TimeProvider = time }
                .AddRetry(new RetryStrategyOptions<AttemptResult>
                {
                    MaxRetryAttempts = config.Retries,
                    Delay = TimeSpan.Zero,
                    BackoffType = DelayBackoffType.Constant,
                    ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Result is { IsRetryable: true }),
                })
                .Build();
    }

    public UpstreamConfig Config { get; }

    /// <summary>The upstream's Refit client over its own pooled handler, which recycles connections itself (<c>PooledConnectionLifetime</c>).</summary>
    public IUpstreamApi Api { get; }

    public INodeBalancer Balancer { get; }

    public NodeHealth[] Health { get; }

    public ResiliencePipeline<AttemptResult> Retry { get; }

    /// <summary>True once the last lease was released and the connection pool closed.</summary>
    public bool IsDisposed => Volatile.Read(ref _leases) == 0;

    /// <summary>Takes a lease unless the state is already disposed.</summary>
    public bool TryLease()
    {
        var leases = Volatile.Read(ref _leases);
        while (leases > 0)
        {
            var seen = Interlocked.CompareExchange(ref _leases, leases + 1, leases);
            if (seen == leases)
            {
                return true;
            }

            leases = seen;
        }

        return false;
    }

    /// <summary>Gives a lease back; the last one disposes the client, its handler chain and its pool.</summary>
    public void Release()
    {
        var leases = Interlocked.Decrement(ref _leases);
        if (leases == 0)
        {
            _client.Dispose();
        }
        else if (leases < 0)
        {
            throw new InvalidOperationException("An upstream state was released more often than leased.");
        }
    }
}
