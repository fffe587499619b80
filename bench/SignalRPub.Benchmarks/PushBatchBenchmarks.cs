using System.IO.Pipelines;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;
using SignalRPub.Connections;
using SignalRPub.Hubs;
using SignalRPub.Protocol;
using SignalRPub.RawWebSockets;

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
    private (PipeReader Reader, BatchingStream Stream)[] _connections = [];

    [Params(100)]
    public int Subscribers { get; set; }

    [Params(10)]
    public int MessagesPerRead { get; set; }

    [Params(false, true)]
    public bool PushBatch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var protocol = new PubFrameHubProtocol();
        _connections = new (PipeReader, BatchingStream)[Subscribers];
        for (var i = 0; i < Subscribers; i++)
        {
            var output = new Pipe(_buffers.UnboundedPipeOptions);
            var input = new Pipe();
            var guard = new OutboundGuard(4 * 1024 * 1024, TimeSpan.FromSeconds(10), TimeProvider.System, _ => { });
            var transport = new DefaultConnectionContext($"c{i}", new DuplexPipe(input.Reader, new GuardedPipeWriter(output.Writer, guard)), new DuplexPipe(output.Reader, input.Writer));
            var connection = new HubConnectionContext(transport, new HubConnectionContextOptions { KeepAliveInterval = TimeSpan.FromMinutes(5), ClientTimeoutInterval = TimeSpan.FromMinutes(10) }, NullLoggerFactory.Instance)
            {
                Protocol = protocol,
            };
            _lifetime.OnConnectedAsync(connection).GetAwaiter().GetResult();
            _lifetime.AddToGroupAsync(connection.ConnectionId, Topic).GetAwaiter().GetResult();
            _connections[i] = (output.Reader, new BatchingStream(Stream.Null));
        }

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

        foreach (var (reader, stream) in _connections)
        {
            if (!reader.TryRead(out var result))
            {
                throw new InvalidOperationException("the group send wrote nothing");
            }

            var buffer = result.Buffer;
            await stream.BeginBatchAsync();
            while (RawSocketConnection.TryReadRecord(ref buffer, out var record))
            {
                if (PushBatch && PushBatchWriter.IsPush(record))
                {
                    PushBatchWriter.Append(stream, record, ref buffer, LimitsOptions.DefaultMaxPushBatchBytes);
                }
                else
                {
                    stream.AppendTextFrame(record);
                }
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            await stream.EndBatchAsync(CancellationToken.None);
        }
    }
}
