using System.Text.Json;
using SignalRPub.Protocol;

namespace SignalRPub.Actions;

/// <summary>Reads the <c>topics</c> array of an action body or an upstream answer.</summary>
internal static class TopicList
{
    /// <summary>
    /// Reads <c>{"topics":[…]}</c>. Returns null and sets <paramref name="errorCode"/> and <paramref name="error"/>
    /// when the body has no such array, lists too many topics, or lists one that may not be subscribed.
    /// </summary>
    public static List<string>? Read(JsonElement body, int maxTopics, out string? errorCode, out string? error)
    {
        errorCode = ErrorCodes.BadRequest;
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("topics", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            error = "the body must be an object with a \"topics\" array of strings";
            return null;
        }

        var count = array.GetArrayLength();
        if (count > maxTopics)
        {
            errorCode = ErrorCodes.TooManyTopics;
            error = $"a request may list at most {maxTopics} topics; this one lists {count}";
            return null;
        }

        var topics = new List<string>(count);
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                error = "every topic must be a string";
                return null;
            }

            var topic = item.GetString()!;
            if (!TopicRules.IsSubscribable(topic))
            {
                errorCode = ErrorCodes.InvalidTopic;
                error = topic.StartsWith('$')
                    ? $"topic '{Shorten(topic)}' is reserved: topics starting with '$' cannot be subscribed"
                    : $"topic '{Shorten(topic)}' is not valid: 1–{TopicRules.MaxLength} characters, no whitespace or control characters";
                return null;
            }

            topics.Add(topic);
        }

        errorCode = null;
        error = null;
        return topics;
    }

    /// <summary>True when <paramref name="upstreamBody"/> is an object with a <c>topics</c> member.</summary>
    public static bool HasTopics(JsonElement upstreamBody) =>
        upstreamBody.ValueKind == JsonValueKind.Object && upstreamBody.TryGetProperty("topics", out var t) && t.ValueKind == JsonValueKind.Array;

    private static string Shorten(string topic) => topic.Length <= 64 ? topic : topic[..64] + "…";
}
