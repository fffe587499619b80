using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace SignalRPub.LoadGen;

/// <summary>
/// Publishes to nats-server as a backend would: one plain TCP connection to its client port, each batch written as
/// <c>--batch</c> <c>PUB</c>s and a <c>PING</c> in one write; a batch is done at its <c>PONG</c> (the server answers
/// PINGs in order, after processing everything before them, so the PUBs have gone to the subscribers' buffers as a
/// gateway's <c>202</c> says they have). <c>--in-flight</c> batches stay outstanding, or one at <c>--rate</c>.
/// </summary>
internal sealed class NatsPublisher : BatchPublisher
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentQueue<TaskCompletionSource> _pongs = new();
    private readonly TaskCompletionSource _info = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _reading;
    private Exception? _failure;

    private NatsPublisher(LoadGenOptions options, int[][] subscribers, Socket socket)
        : base(options, subscribers, tagged: false)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reading = ReadLoopAsync();
    }

    /// <summary>Connects to <c>--nats-url</c> and returns once the server has answered <c>CONNECT</c>.</summary>
    public static async Task<NatsPublisher> ConnectAsync(LoadGenOptions options, int[][] subscribers, CancellationToken cancellationToken)
    {
        var url = options.NatsUrl;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(url.Host, url.Port, cancellationToken);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new LoadGenException($"cannot connect to nats-server at {url}: {ex.Message}");
        }

        var publisher = new NatsPublisher(options, subscribers, socket);
        try
        {
            await publisher._info.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            await publisher.RoundTripAsync(NatsProtocol.Connect, cancellationToken);
            return publisher;
        }
        catch
        {
            await publisher.DisposeAsync();
            throw;
        }
    }

    protected override Task SendAsync(int node, (string Topic, string Data)[] messages, CancellationToken cancellationToken)
    {
        var commands = new StringBuilder();
        foreach (var (topic, data) in messages)
        {
            NatsProtocol.AppendPublish(commands, topic, data);
        }

        return RoundTripAsync(Encoding.UTF8.GetBytes(commands.ToString()), cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already closed by the server.
        }

        await _stream.DisposeAsync();
        await _reading.WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(_ => { });
    }

    /// <summary>Writes the commands and a <c>PING</c>, and waits for that PING's <c>PONG</c>.</summary>
    private async Task RoundTripAsync(byte[] commands, CancellationToken cancellationToken)
    {
        var pong = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            // Queued in the order written: PONGs come back in the order of their PINGs.
            _pongs.Enqueue(pong);
            if (Volatile.Read(ref _failure) is { } failure)
            {
                Fail(failure);
            }

            await _stream.WriteAsync(commands, cancellationToken);
            await _stream.WriteAsync(NatsProtocol.Ping, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }

        try
        {
            await pong.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new LoadGenException("nats-server did not answer the publisher's PING within 30 s");
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new NatsReadBuffer(4096);
        var failure = new LoadGenException("nats-server closed the publisher's connection");
        try
        {
            int read;
            while ((read = await _stream.ReadAsync(buffer.GetMemory(4096))) > 0)
            {
                buffer.Advance(read);
                while (NatsProtocol.TryRead(buffer.Unread.Span, out var op))
                {
                    switch (op.Kind)
                    {
                        case NatsOpKind.Info:
                            _info.TrySetResult();
                            break;
                        case NatsOpKind.Pong:
                            if (_pongs.TryDequeue(out var pong))
                            {
                                pong.TrySetResult();
                            }

                            break;
                        case NatsOpKind.Ping:
                            await WritePongAsync();
                            break;
                        case NatsOpKind.Err:
                            failure = new LoadGenException(
                                $"nats-server answered the publisher -ERR {Encoding.UTF8.GetString(buffer.Unread.Span.Slice(op.PayloadStart, op.PayloadLength))}");
                            break;
                    }

                    buffer.Consume(op.Length);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        catch (InvalidDataException ex)
        {
            failure = new LoadGenException($"the publisher read something that is not NATS: {ex.Message}");
        }
        finally
        {
            _info.TrySetException(failure);
            Fail(failure);
        }
    }

    private async Task WritePongAsync()
    {
        await _writeLock.WaitAsync();
        try
        {
            await _stream.WriteAsync(NatsProtocol.Pong);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Fails every batch waiting for its PONG, and every later one.</summary>
    private void Fail(Exception failure)
    {
        Volatile.Write(ref _failure, failure);
        while (_pongs.TryDequeue(out var pong))
        {
            pong.TrySetException(failure);
        }
    }
}
