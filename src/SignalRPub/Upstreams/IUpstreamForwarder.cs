namespace SignalRPub.Upstreams;

/// <summary>Asks a route's upstream whether an action may go ahead (PROTOCOL.md §7).</summary>
internal interface IUpstreamForwarder
{
    ValueTask<UpstreamResult> ForwardAsync(UpstreamRequest request, CancellationToken cancellationToken);
}
