using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using SignalRPub.Client.Internal;

namespace SignalRPub.Client;

/// <summary>Delivering pushes: handlers per topic and <see cref="ReadAllAsync"/>.</summary>
public sealed partial class SignalRPubClient
{
    private readonly ConcurrentDictionary<string, PushHandler[]> _handlers = new(StringComparer.Ordinal);
    private readonly Channel<(Push Push, PushHandler[] Handlers)> _dispatch;
    private Channel<Push>[] _readers = [];

    /// <summary>
    /// Calls <paramref name="handler"/> for every push on <paramref name="topic"/> (compared exactly, e.g. <c>hq_100001_129</c>
    /// or <c>$all</c>) until the returned registration is disposed. Handlers live as long as the client, across reconnects.
    /// </summary>
    /// <remarks>
    /// Handlers run one push at a time, in arrival order, off the connection's receive path; an exception from one is
    /// logged and ignored. Registering the same delegate twice makes two registrations, each called once per push and each
    /// removed by disposing its own registration. Registering does not subscribe: call <see cref="SubscribeAsync"/>.
    /// </remarks>
    public IDisposable On(string topic, Action<Push> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return AddHandler(topic, new PushHandler(this, topic, handler, null));
    }

    /// <summary>Like <see cref="On(string, Action{Push})"/>, for a handler that is awaited before the next push is handled.</summary>
    public IDisposable On(string topic, Func<Push, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return AddHandler(topic, new PushHandler(this, topic, null, handler));
    }

    /// <summary>
    /// Every push the client receives from the moment the enumeration starts (its first <c>MoveNextAsync</c>), whatever the
    /// topic, across reconnects, until <paramref name="cancellationToken"/> is cancelled or the client is disposed. Each
    /// enumeration gets every push. It buffers up to <see cref="SignalRPubClientOptions.PushBufferCapacity"/> pushes; when
    /// it falls further behind, the oldest waiting push is dropped, so a slow reader never stalls the connection.
    /// </summary>
    public async IAsyncEnumerable<Push> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<Push>(new BoundedChannelOptions(_options.PushBufferCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _readers = [.. _readers, channel];
        }

        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var push))
                {
                    yield return push;
                }
            }
        }
        finally
        {
            lock (_lock)
            {
                _readers = [.. _readers.Where(r => r != channel)];
            }
        }
    }

    private ValueTask OnPushAsync(string topic, JsonElement data)
    {
        var push = new Push(topic, data, DateTimeOffset.UtcNow);
        foreach (var reader in Volatile.Read(ref _readers))
        {
            reader.Writer.TryWrite(push);
        }

        if (_handlers.TryGetValue(topic, out var handlers) && handlers.Length > 0)
        {
            // Waits when the handlers are a whole buffer behind: the connection is read no faster than they run.
            return _dispatch.Writer.WriteAsync((push, handlers));
        }

        return ValueTask.CompletedTask;
    }

    private static Channel<(Push, PushHandler[])> CreateDispatchChannel(int capacity) =>
        Channel.CreateBounded<(Push, PushHandler[])>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });

    private PushHandler AddHandler(string topic, PushHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        lock (_lock)
        {
            _handlers[topic] = _handlers.TryGetValue(topic, out var existing) ? [.. existing, handler] : [handler];
        }

        return handler;
    }

    private void RemoveHandler(PushHandler handler)
    {
        lock (_lock)
        {
            if (!_handlers.TryGetValue(handler.Topic, out var existing))
            {
                return;
            }

            var remaining = existing.Where(h => !ReferenceEquals(h, handler)).ToArray();
            if (remaining.Length == 0)
            {
                _handlers.TryRemove(handler.Topic, out _);
            }
            else
            {
                _handlers[handler.Topic] = remaining;
            }
        }
    }

    private async Task DispatchLoopAsync()
    {
        await foreach (var (push, handlers) in _dispatch.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            foreach (var handler in handlers)
            {
                if (handler.Removed || _disposed)
                {
                    continue;
                }

                try
                {
                    if (handler.Sync is { } sync)
                    {
                        sync(push);
                    }
                    else
                    {
                        await handler.Async!(push).ConfigureAwait(false);
                    }
                }
                catch (Exception e)
                {
                    Log.HandlerFailed(_logger, push.Topic, e);
                }
            }
        }
    }

    private void CompleteReaders()
    {
        Channel<Push>[] readers;
        lock (_lock)
        {
            readers = _readers;
        }

        foreach (var reader in readers)
        {
            reader.Writer.TryComplete();
        }
    }

    /// <summary>One registration of <see cref="On(string, Action{Push})"/>; disposing it removes exactly it.</summary>
    private sealed class PushHandler(SignalRPubClient client, string topic, Action<Push>? sync, Func<Push, Task>? async) : IDisposable
    {
        private volatile bool _removed;

        public string Topic => topic;

        public Action<Push>? Sync => sync;

        public Func<Push, Task>? Async => async;

        public bool Removed => _removed;

        public void Dispose()
        {
            if (!_removed)
            {
                _removed = true;
                client.RemoveHandler(this);
            }
        }
    }
}
