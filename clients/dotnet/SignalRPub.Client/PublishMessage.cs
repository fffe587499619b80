using System.Text.Json.Serialization;

namespace SignalRPub.Client;

/// <summary>One message of a <see cref="ISignalRPubPublisher.PublishAsync(IReadOnlyCollection{PublishMessage}, CancellationToken)"/> batch: one topic or several, and the data.</summary>
public sealed record PublishMessage
{
    /// <summary>A message to one topic.</summary>
    public PublishMessage(string topic, object? data)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        Topic = topic;
        Data = data;
    }

    /// <summary>A message to several topics.</summary>
    public PublishMessage(IReadOnlyCollection<string> topics, object? data)
    {
        ArgumentNullException.ThrowIfNull(topics);
        Topics = topics;
        Data = data;
    }

    /// <summary>The one topic, or <see langword="null"/> when <see cref="Topics"/> is set.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Topic { get; }

    /// <summary>The topics, or <see langword="null"/> when <see cref="Topic"/> is set.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyCollection<string>? Topics { get; }

    /// <summary>The data, any value System.Text.Json serialises (<see langword="null"/> is sent as JSON <c>null</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public object? Data { get; }
}
