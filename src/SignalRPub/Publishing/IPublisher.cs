namespace SignalRPub.Publishing;

/// <summary>
/// Publishes messages to topics from in-process code, with the semantics of <c>POST /api/v1/publish</c>:
/// a topic reaches its subscribers; <c>$conn:&lt;id&gt;</c>, <c>$user:&lt;id&gt;</c> and <c>$all</c> reach one
/// connection, one user's connections, and every registered connection, on every node.
/// </summary>
public interface IPublisher
{
    /// <summary>Publishes <paramref name="utf8JsonData"/>, which must be one JSON value of valid UTF-8 text (no lone surrogate escape), to <paramref name="topic"/>.</summary>
    /// <exception cref="ArgumentException">The topic is not valid or the data is not one JSON value of valid text.</exception>
    /// <exception cref="InvalidOperationException">On a cluster, Redis cannot be reached: nothing was published.</exception>
    Task PublishAsync(string topic, ReadOnlyMemory<byte> utf8JsonData, CancellationToken cancellationToken = default);

    /// <summary>Publishes <paramref name="utf8JsonData"/>, which must be one JSON value of valid UTF-8 text (no lone surrogate escape), to <paramref name="topic"/>.</summary>
    /// <remarks>Without this overload a <c>byte[]</c> would bind to <see cref="PublishAsync{T}"/> and be sent base64-encoded.</remarks>
    /// <exception cref="ArgumentException">The topic is not valid or the data is not one JSON value of valid text.</exception>
    Task PublishAsync(string topic, byte[] utf8JsonData, CancellationToken cancellationToken = default) =>
        PublishAsync(topic, new ReadOnlyMemory<byte>(utf8JsonData), cancellationToken);

    /// <summary>Publishes <paramref name="data"/>, serialised once as JSON, to <paramref name="topic"/>.</summary>
    /// <exception cref="ArgumentException">The topic is not valid.</exception>
    Task PublishAsync<T>(string topic, T data, CancellationToken cancellationToken = default);
}
