namespace SignalRPub.Client.Internal;

/// <summary>One connection to the gateway over one transport. A new connection is a new instance.</summary>
internal interface IPubTransport : IAsyncDisposable
{
    /// <summary>Opens the connection; the transport reports to its sink from then on.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Sends one request frame; its answer arrives through <see cref="ITransportSink.OnResponse"/>.</summary>
    ValueTask SendAsync(OutgoingFrame frame, CancellationToken cancellationToken);
}
