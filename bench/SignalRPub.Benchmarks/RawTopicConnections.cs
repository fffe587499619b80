using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;
using SignalRPub.Connections;
using SignalRPub.Hubs;
using SignalRPub.Protocol;
using SignalRPub.RawWebSockets;

namespace SignalRPub.Benchmarks;

/// <summary>
/// N raw connections in one topic's group of a <see cref="DefaultHubLifetimeManager{THub}"/>, each with its guarded
/// outbound pipe and a <see cref="BatchingStream"/> over <see cref="Stream.Null"/> in place of its socket; shared by the
/// delivery benchmarks.
/// </summary>
internal sealed class RawTopicConnections
{
    private readonly (PipeReader Reader, BatchingStream Stream)[] _connections;

    public RawTopicConnections(DefaultHubLifetimeManager<PubHub> lifetime, string topic, int subscribers, PipeOptions outboundOptions)
    {
        var protocol = new PubFrameHubProtocol();
        _connections = new (PipeReader, BatchingStream)[subscribers];
        for (var i = 0; i < subscribers; i++)
        {
            var output = new Pipe(outboundOptions);
            var input = new Pipe();
            var guard = new OutboundGuard(4 * 1024 * 1024, TimeSpan.FromSeconds(10), TimeProvider.System, _ => { });
            var transport = new DefaultConnectionContext($"c{i}", new DuplexPipe(input.Reader, new GuardedPipeWriter(output.Writer, guard)), new DuplexPipe(output.Reader, input.Writer));
            var connection = new HubConnectionContext(transport, new HubConnectionContextOptions { KeepAliveInterval = TimeSpan.FromMinutes(5), ClientTimeoutInterval = TimeSpan.FromMinutes(10) }, NullLoggerFactory.Instance)
            {
                Protocol = protocol,
            };
            lifetime.OnConnectedAsync(connection).GetAwaiter().GetResult();
            lifetime.AddToGroupAsync(connection.ConnectionId, topic).GetAwaiter().GetResult();
            _connections[i] = (output.Reader, new BatchingStream(Stream.Null));
        }
    }

    /// <summary>
    /// What each connection's send loop does with one read: every record a frame of one batch, or (<paramref name="pushBatch"/>)
    /// each run of pushes one batch frame (PROTOCOL.md §4).
    /// </summary>
    public async Task DrainAsync(bool pushBatch)
    {
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
                if (pushBatch && PushBatchWriter.IsPush(record))
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
