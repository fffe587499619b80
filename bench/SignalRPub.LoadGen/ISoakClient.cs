using System.Net.WebSockets;
using System.Text.Json;

namespace SignalRPub.LoadGen;

/// <summary>A client whose socket the soak scenario can send anything on, watch, stop reading and drop.</summary>
internal interface ISoakClient : IBenchClient
{
    /// <summary>Completes when the socket has ended, whoever ended it.</summary>
    Task Closed { get; }

    /// <summary>The close code the server sent; null while open or when the socket ended without one.</summary>
    WebSocketCloseStatus? CloseStatus { get; }

    /// <summary>Sends one request frame given as bytes (any bytes) and returns its response frame.</summary>
    Task<JsonDocument> RequestFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken);

    /// <summary>Drops the socket without a close handshake.</summary>
    void Abort();

    /// <summary>Stops reading from the socket (the server's sends back up) until <see cref="ResumeReceiving"/>.</summary>
    void PauseReceiving();

    void ResumeReceiving();
}
