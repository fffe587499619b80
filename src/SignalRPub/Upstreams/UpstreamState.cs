using Polly;
using Polly.Retry;
using SignalRPub.Routing;

namespace SignalRPub.Upstreams;

/// <summary>The live state of one upstream: its balancer, the health of its nodes and its retry pipeline.</summary>
internal sealed class UpstreamState
{
    public UpstreamState(UpstreamConfig config, ILoadBalancingPolicy policy, IUpstreamApi api, UpstreamsOptions options, TimeProvider time)
    {
        Config = config;
        Api = api;
        Balancer = policy.Create(config.Nodes);
        Health = config.Nodes.Select(_ => new NodeHealth(options.UnhealthyAfterFailures, TimeSpan.FromSeconds(options.UnhealthySeconds), time)).ToArray();
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

    /// <summary>
    /// The upstream's Refit client, kept with its state: its named client's pooled handler recycles
    /// connections itself (<c>PooledConnectionLifetime</c>), so one client per upstream is enough.
    /// </summary>
    public IUpstreamApi Api { get; }

    public INodeBalancer Balancer { get; }

    public NodeHealth[] Health { get; }

    public ResiliencePipeline<AttemptResult> Retry { get; }
}
