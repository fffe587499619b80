using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using SignalRPub.Connections;
using SignalRPub.Hubs;
using SignalRPub.Protocol;

namespace SignalRPub.Publishing;

/// <summary>
/// Publishes through <see cref="IHubContext{THub}"/>: every topic, <c>$</c> ones included, is a group, so the
/// in-memory lifetime manager and the Redis backplane reach every node alike. The push frame is built once
/// per message and serialised once per protocol by SignalR.
/// </summary>
internal sealed class Publisher(IHubContext<PubHub> hub, GatewayStats stats) : IPublisher
{
    public Task PublishAsync(string topic, ReadOnlyMemory<byte> utf8JsonData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topic);
        return PublishValidatedAsync(CheckTopic(topic), CheckData(utf8JsonData, nameof(utf8JsonData)), cancellationToken);
    }

    public Task PublishAsync<T>(string topic, T data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topic);
        return PublishValidatedAsync(CheckTopic(topic), CheckData(JsonSerializer.SerializeToUtf8Bytes(data), nameof(data)), cancellationToken);
    }

    /// <summary>Publishes data already known to be one JSON value to a topic already checked.</summary>
    internal Task PublishValidatedAsync(string topic, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        stats.Published(1);
        return hub.Clients.Group(topic).SendAsync(HubMethods.Push, new PushFrame(topic, data), cancellationToken);
    }

    private static ReadOnlyMemory<byte> CheckData(ReadOnlyMemory<byte> data, string parameter) =>
        JsonText.Validate(data.Span, JsonText.MaxEmbeddedDepth) is { } invalid
            ? throw new ArgumentException($"The data must be one JSON value of valid UTF-8 text, at most {JsonText.MaxEmbeddedDepth} levels deep: {invalid}.", parameter)
            : data;

    private static string CheckTopic(string topic) => TopicRules.IsPublishable(topic)
        ? topic
        : throw new ArgumentException($"'{topic}' is not a topic that can be published to.", nameof(topic));
}
