namespace SignalRPub.Upstreams;

/// <summary>The use of an <see cref="UpstreamState"/> by one call; disposing it gives the lease back.</summary>
internal readonly struct UpstreamLease(UpstreamState state) : IDisposable
{
    public UpstreamState State { get; } = state;

    public void Dispose() => State.Release();
}
