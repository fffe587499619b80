using System.Text.Json;

namespace SignalRPub.LoadGen;

/// <summary>One client connection of the load generator, whatever its kind.</summary>
internal interface IBenchClient : IAsyncDisposable
{
    /// <summary>Called with each push as UTF-8 JSON text that holds the data (never parsed whole).</summary>
    Action<ReadOnlyMemory<byte>>? OnPush { get; set; }

    Task ConnectAsync(CancellationToken cancellationToken);

    /// <summary>Sends one request frame and returns its response frame; one request at a time per client.</summary>
    Task<JsonDocument> RequestAsync(string uri, object body, CancellationToken cancellationToken);
}
