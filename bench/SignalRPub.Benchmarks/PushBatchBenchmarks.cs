using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;
using SignalRPub.Connections;
using SignalRPub.Hubs;
using SignalRPub.Protocol;

namespace SignalRPub.Benchmarks;

/// <summary>
/// Several messages to a topic of N raw connections, then each connection's send loop over what it read: every push a
/// frame of its own, or (<see cref="PushBatch"/>) the run of pushes as one batch frame (PROTOCOL.md §4). Written to
/// <see cref="Stream.Null"/> instead of a socket; the batch frame must allocate no more than the plain frames.
/// </summary>
[MemoryDiagnoser]
public class PushBatchBenchmarks
{
    private const string Topic = "hq_100001_129";

    private readonly DefaultHubLifetimeManager<PubHub> _lifetime = new(NullLogger<DefaultHubLifetimeManager<PubHub>>.Instance);
    private readonly ReadOnlyMemory<byte> _data = Encoding.UTF8.GetBytes("{\"last\":12.34,\"ts\":1732652400000,\"vol\":1200}");
    private readonly FrameBufferPool _buffers = new();
    private RawTopicConnections? _connections;

    [Params(100)]
    public int Subscribers { get; set; }

    [Params(10)]
    public int MessagesPerRead { get; set; }

    [Params(false, true)]
    public bool PushBatch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _connections = new RawTopicConnections(_lifetime, Topic, Subscribers, _buffers.UnboundedPipeOptions);

        // Warm the pools: the first sends rent the blocks that every later send reuses.
        for (var i = 0; i < 4; i++)
        {
            Deliver().GetAwaiter().GetResult();
        }
    }

    [Benchmark]
    public async Task Deliver()
    {
        for (var m = 0; m < MessagesPerRead; m++)
        {
            await _lifetime.SendGroupAsync(Topic, HubMethods.Push, [new PushFrame(Topic, _data)]);
        }

        await _connections!.DrainAsync(PushBatch);
    }
}
