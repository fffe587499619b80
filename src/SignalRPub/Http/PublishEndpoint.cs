using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SignalRPub.Actions;
using SignalRPub.Cluster;
using SignalRPub.Diagnostics;
using SignalRPub.Internal;
using SignalRPub.Protocol;
using SignalRPub.Publishing;
using SignalRPub.Routing;
using SignalRPub.Security;

namespace SignalRPub.Http;

/// <summary><c>POST /api/v1/publish</c> (PROTOCOL.md §6).</summary>
internal sealed class PublishEndpoint(Publisher publisher, GatewayKeys keys, AuthFailureLimiter authFailures, PublishRateLimiter rate, IOptions<SignalRPubOptions> options)
{
    public const string Path = GatewayPaths.Publish;

    /// <summary>How deep a publish body may nest: <c>data</c> is at least one level into it (<see cref="JsonText.MaxEmbeddedDepth"/>).</summary>
    public const int MaxBodyDepth = JsonText.MaxEmbeddedDepth + 1;

    public async Task HandleAsync(HttpContext context)
    {
        if (authFailures.IsBlocked(context))
        {
            await HttpAnswers.ErrorAsync(context, ErrorCodes.RateLimited, "too many requests with a wrong key from this address").ConfigureAwait(false);
            return;
        }

        if (!keys.Publish.Matches(context.Request.Headers[GatewayHeaders.ApiKey].ToString()))
        {
            authFailures.Failed(context);
            await HttpAnswers.ErrorAsync(context, ErrorCodes.Unauthorized, $"a valid {GatewayHeaders.ApiKey} is required").ConfigureAwait(false);
            return;
        }

        var body = await HttpAnswers.ReadBodyAsync(context.Request, options.Value.Limits.MaxPublishBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await HttpAnswers.ErrorAsync(context, ErrorCodes.PayloadTooLarge, $"the body is over {options.Value.Limits.MaxPublishBytes} bytes").ConfigureAwait(false);
            return;
        }

        // Checked whole where it enters: data is later copied raw into every subscriber's frame (PROTOCOL.md §8).
        if (JsonText.Validate(body, MaxBodyDepth) is { } invalid)
        {
            await HttpAnswers.ErrorAsync(context, ErrorCodes.InvalidJson, $"the body is not valid JSON: {invalid}").ConfigureAwait(false);
            return;
        }

        using (var document = JsonDocument.Parse(body))
        {
            var messages = new List<(string Topic, ReadOnlyMemory<byte> Data)>();
            var error = Collect(document.RootElement, messages, out var code);
            if (error is not null)
            {
                await HttpAnswers.ErrorAsync(context, code!, error).ConfigureAwait(false);
                return;
            }

            using var activity = GatewayActivities.StartPublish();
            GatewayActivities.Published(activity, messages.Count);
            if (!rate.TryTake(messages.Count))
            {
                await HttpAnswers.ErrorAsync(context, ErrorCodes.RateLimited, $"the publish key may publish {rate.MessagesPerSecond} messages per second; nothing was published").ConfigureAwait(false);
                return;
            }

            try
            {
                foreach (var (topic, data) in messages)
                {
                    await publisher.PublishValidatedAsync(topic, data, context.RequestAborted).ConfigureAwait(false);
                }
            }
            catch (ClusterUnavailableException)
            {
                await HttpAnswers.ErrorAsync(context, ErrorCodes.Unavailable, "the cluster cannot be reached now; try again").ConfigureAwait(false);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status202Accepted;
            await context.Response.WriteAsJsonAsync(new AcceptedAnswer(messages.Count), context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>Collects every (topic, data) of the three accepted shapes; returns an error message or null.</summary>
    private static string? Collect(JsonElement root, List<(string, ReadOnlyMemory<byte>)> messages, out string? code)
    {
        code = ErrorCodes.BadRequest;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "the body must be a JSON object";
        }

        if (root.TryGetProperty("messages", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            {
                return "\"messages\" must be a non-empty array of {topic, data}";
            }

            foreach (var message in list.EnumerateArray())
            {
                if (message.ValueKind != JsonValueKind.Object)
                {
                    // An earlier message may have cleared the code.
                    code = ErrorCodes.BadRequest;
                    return "every message must be an object {topic, data}";
                }

                var error = CollectOne(message, messages, out code);
                if (error is not null)
                {
                    return error;
                }
            }

            code = null;
            return null;
        }

        return CollectOne(root, messages, out code);
    }

    private static string? CollectOne(JsonElement message, List<(string, ReadOnlyMemory<byte>)> messages, out string? code)
    {
        code = ErrorCodes.BadRequest;
        if (!message.TryGetProperty("data", out var data))
        {
            return "\"data\" is required";
        }

        var topics = new List<string>();
        if (message.TryGetProperty("topic", out var topic))
        {
            if (topic.ValueKind != JsonValueKind.String)
            {
                return "\"topic\" must be a string";
            }

            topics.Add(topic.GetString()!);
        }
        else if (message.TryGetProperty("topics", out var array) && array.ValueKind == JsonValueKind.Array && array.GetArrayLength() > 0)
        {
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    return "every topic must be a string";
                }

                topics.Add(item.GetString()!);
            }
        }
        else
        {
            return "a message needs \"topic\" or a non-empty \"topics\" array";
        }

        foreach (var name in topics)
        {
            if (!TopicRules.IsPublishable(name))
            {
                code = ErrorCodes.InvalidTopic;
                return $"'{name}' is not a topic that can be published to";
            }
        }

        var bytes = JsonMarshal.GetRawUtf8Value(data).ToArray();
        foreach (var name in topics)
        {
            messages.Add((name, bytes));
        }

        code = null;
        return null;
    }
}
