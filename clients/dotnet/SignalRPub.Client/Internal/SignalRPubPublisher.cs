namespace SignalRPub.Client.Internal;

/// <summary><see cref="ISignalRPubPublisher"/> over the Refit client of the publish API.</summary>
internal sealed class SignalRPubPublisher(IPublishApi api) : ISignalRPubPublisher
{
    public Task<int> PublishAsync<T>(string topic, T data, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        return SendAsync(ApiAnswers.Json(new TopicBody(topic, data)), cancellationToken);
    }

    public Task<int> PublishAsync<T>(IReadOnlyCollection<string> topics, T data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topics);
        return SendAsync(ApiAnswers.Json(new TopicsBody(topics, data)), cancellationToken);
    }

    public Task<int> PublishAsync(IReadOnlyCollection<PublishMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return SendAsync(ApiAnswers.Json(new MessagesBody(messages)), cancellationToken);
    }

    private async Task<int> SendAsync(HttpContent body, CancellationToken cancellationToken)
    {
        using (body)
        {
            var answer = await ApiAnswers.ReadAsync(api.PublishAsync(body, cancellationToken), cancellationToken).ConfigureAwait(false);
            return answer.GetProperty("accepted"u8).GetInt32();
        }
    }
}
