namespace SignalRPub.Client;

/// <summary>
/// Publishes through a gateway's <c>POST /api/v1/publish</c> (docs/protocol.md §8) with the publish key. Registered by
/// <c>services.AddSignalRPubPublisher(…)</c>. Every method returns how many messages the gateway accepted (one per topic)
/// and throws <see cref="SignalRPubException"/> for any other answer than <c>202</c> (e.g. <c>401 unauthorized</c>,
/// <c>400 invalid_topic</c>, <c>429 rate_limited</c> with <see cref="SignalRPubException.RetryAfter"/>).
/// </summary>
public interface ISignalRPubPublisher
{
    /// <summary>Publishes <paramref name="data"/> (serialised with System.Text.Json, web defaults) to <paramref name="topic"/>: <c>{"topic","data"}</c>.</summary>
    Task<int> PublishAsync<T>(string topic, T data, CancellationToken cancellationToken = default);

    /// <summary>Publishes <paramref name="data"/> to every topic of <paramref name="topics"/>: <c>{"topics":[…],"data"}</c>.</summary>
    Task<int> PublishAsync<T>(IReadOnlyCollection<string> topics, T data, CancellationToken cancellationToken = default);

    /// <summary>Publishes several messages in one request: <c>{"messages":[…]}</c>.</summary>
    Task<int> PublishAsync(IReadOnlyCollection<PublishMessage> messages, CancellationToken cancellationToken = default);
}
