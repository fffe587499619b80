using System.Net.WebSockets;

namespace SignalRPub.Connections;

/// <summary>
/// Watches one connection's outbound buffer. Hub writes never wait for the socket: they land in an unbounded
/// buffer that a pump copies out. The guard counts what is buffered and how long the pump has been stuck in
/// one send; past <see cref="LimitsOptions.MaxPendingBytes"/> or <see cref="LimitsOptions.SlowConsumerSeconds"/>
/// it closes the connection as a slow consumer, so no other connection ever waits for this one.
/// </summary>
internal sealed class OutboundGuard(long maxPendingBytes, TimeSpan maxStuck, TimeProvider time, Action<OutboundGuard> onTripped)
{
    public const string SlowConsumerReason = "slow consumer";

    private long _written;
    private long _writes;
    private long _consumed;
    private long _sendStarted;
    private int _tripped;

    public IConnectionCloser? Closer { get; set; }

    /// <summary>The guarded connection's id, for the trip's log line (so the callback can be one delegate for all).</summary>
    public string ConnectionId { get; init; } = "";

    public long PendingBytes => Volatile.Read(ref _written) - Volatile.Read(ref _consumed);

    public bool IsTripped => Volatile.Read(ref _tripped) != 0;

    /// <summary>Flushed writes: each is one hub message (a push or an answer).</summary>
    public long MessagesWritten => Volatile.Read(ref _writes);

    /// <summary>Bytes of the flushed writes.</summary>
    public long BytesWritten => Interlocked.Read(ref _written);

    /// <summary>Called by the writer side (one writer at a time) after bytes were buffered.</summary>
    public void Written(long bytes)
    {
        Volatile.Write(ref _writes, _writes + 1);
        Interlocked.Add(ref _written, bytes);
        if (PendingBytes > maxPendingBytes)
        {
            Trip();
        }
    }

    /// <summary>Called by the pump once bytes left the buffer.</summary>
    public void Consumed(long bytes) => Interlocked.Add(ref _consumed, bytes);

    public void SendStarted() => Volatile.Write(ref _sendStarted, time.GetTimestamp());

    public void SendCompleted() => Volatile.Write(ref _sendStarted, 0);

    /// <summary>Closes the connection when its pump has been stuck in one send for too long. Called periodically.</summary>
    public void CheckStuck()
    {
        var started = Volatile.Read(ref _sendStarted);
        if (started != 0 && time.GetElapsedTime(started) > maxStuck)
        {
            Trip();
        }
    }

    private void Trip()
    {
        if (Interlocked.Exchange(ref _tripped, 1) != 0)
        {
            return;
        }

        onTripped(this);
        Closer?.Close(WebSocketCloseStatus.PolicyViolation, SlowConsumerReason);
    }
}
