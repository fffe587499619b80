using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using SignalRPub.Cluster;
using SignalRPub.Connections;
using SignalRPub.Diagnostics;
using SignalRPub.Hubs;
using SignalRPub.Protocol;

namespace SignalRPub.Publishing;

/// <summary>
/// Publishes through <see cref="IHubContext{THub}"/>: every topic, <c>$</c> ones included, is a group, so the
/// in-memory lifetime manager and the Redis backplane reach every node alike. The push frame is built once
/// per message and serialised once per protocol by SignalR.
/// </summary>
internal sealed class Publisher(IHubContext<PubHub> hub, IClusterBus cluster, GatewayStats stats) : IPublisher
{
    public Task PublishAsync(string topic, ReadOnlyMemory<byte> utf8JsonData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topic);
        using var activity = GatewayActivities.StartPublish();
        GatewayActivities.Published(activity, 1);
        return PublishValidatedAsync(CheckTopic(topic), CheckData(utf8JsonData, nameof(utf8JsonData)), cancellationToken);
    }

    public Task PublishAsync<T>(string topic, T data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topic);
        using var activity = GatewayActivities.StartPublish();
        GatewayActivities.Published(activity, 1);
        return PublishValidatedAsync(CheckTopic(topic), CheckData(JsonSerializer.SerializeToUtf8Bytes(data), nameof(data)), cancellationToken);
    }

    /// <summary>
    /// Publishes data already known to be one JSON value to a topic already checked. Throws
    /// <see cref="ClusterUnavailableException"/> when the cluster's backplane cannot take it (nothing was sent then).
    /// </summary>
    internal Task PublishValidatedAsync(string topic, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (!cluster.IsAvailable)
        {
            return Task.FromException(new ClusterUnavailableException("The cluster's backplane cannot be reached; nothing was published."));
        }

        stats.Published(1);
        var sending = hub.Clients.Group(topic).SendAsync(HubMethods.Push, new PushFrame(topic, data), cancellationToken);
        return sending.IsCompletedSuccessfully ? sending : Observed(sending);
    }

    // The backplane may fail while sending (Redis gone a moment ago): that is the cluster's state, not a bug.
    private static async Task Observed(Task sending)
    {
        try
        {
            await sending.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or ClusterUnavailableException))
        {
            throw new ClusterUnavailableException("The cluster's backplane did not take the message.", ex);
        }
    }

    private static ReadOnlyMemory<byte> CheckData(ReadOnlyMemory<byte> data, string parameter) =>
        JsonText.Validate(data.Span, JsonText.MaxEmbeddedDepth) is { } invalid
            ? throw new ArgumentException($"The data must be one JSON value of valid UTF-8 text, at most {JsonText.MaxEmbeddedDepth} levels deep: {invalid}.", parameter)
            : data;

    private static string CheckTopic(string topic) => TopicRules.IsPublishable(topic)
        ? topic
        : throw new ArgumentException($"'{topic}' is not a topic that can be published to.", nameof(topic));
}
