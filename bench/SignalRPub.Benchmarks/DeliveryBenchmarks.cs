using System.IO.Pipelines;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;
using SignalRPub.Connections;
using SignalRPub.Hubs;
using SignalRPub.Protocol;

namespace SignalRPub.Benchmarks;

/// <summary>
/// One message to a topic of N raw connections, through the parts a delivery crosses on one node: SignalR's
/// group send, each connection's guarded outbound buffer, and its send loop's framing into a batch (written to
/// <see cref="Stream.Null"/> instead of a socket). Allocated bytes that do not grow with N are per message;
/// whatever grows with N is per delivery.
/// </summary>
[MemoryDiagnoser]
public class DeliveryBenchmarks
{
    private const string Topic = "hq_100001_129";

    private readonly DefaultHubLifetimeManager<PubHub> _lifetime = new(NullLogger<DefaultHubLifetimeManager<PubHub>>.Instance);
    private readonly ReadOnlyMemory<byte> _data = Encoding.UTF8.GetBytes("{\"last\":12.34,\"ts\":1732652400000,\"vol\":1200}");
    private readonly FrameBufferPool _buffers = new();
    private RawTopicConnections? _connections;

    private static readonly PipeOptions s_sharedArrayPoolOptions = new(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false);

    [Params(1, 100, 1000)]
    public int Subscribers { get; set; }

    /// <summary>Where the outbound buffers get their blocks: the gateway's pool, or (the baseline) the shared array pool.</summary>
    [Params("FrameBufferPool", "ArrayPool.Shared")]
    public string Blocks { get; set; } = "FrameBufferPool";

    [GlobalSetup]
    public void Setup()
    {
        _connections = new RawTopicConnections(_lifetime, Topic, Subscribers, Blocks == "FrameBufferPool" ? _buffers.UnboundedPipeOptions : s_sharedArrayPoolOptions);

        // Warm the pools: the first sends rent the blocks that every later send reuses.
        for (var i = 0; i < 4; i++)
        {
            Deliver().GetAwaiter().GetResult();
        }
    }

    [Benchmark]
    public async Task Deliver()
    {
        await _lifetime.SendGroupAsync(Topic, HubMethods.Push, [new PushFrame(Topic, _data)]);
        await _connections!.DrainAsync(pushBatch: false);
    }
}
