namespace SignalRPub.Protocol;

/// <summary>What a topic may be (PROTOCOL.md §6, §8) and the reserved <c>$</c> topics.</summary>
internal static class TopicRules
{
    public const int MaxLength = 256;
    public const string ConnectionPrefix = "$conn:";
    public const string UserPrefix = "$user:";
    public const string All = "$all";

    /// <summary>1–256 characters, no whitespace or control characters.</summary>
    public static bool IsWellFormed(string topic)
    {
        if (topic.Length is 0 or > MaxLength)
        {
            return false;
        }

        foreach (var c in topic)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A topic a client may subscribe to: well formed and not reserved.</summary>
    public static bool IsSubscribable(string topic) => IsWellFormed(topic) && topic[0] != '$';

    /// <summary>A topic that may be published to: subscribable, or one of the reserved forms.</summary>
    public static bool IsPublishable(string topic) =>
        IsWellFormed(topic) && (topic[0] != '$'
            || topic == All
            || (topic.StartsWith(ConnectionPrefix, StringComparison.Ordinal) && topic.Length > ConnectionPrefix.Length)
            || (topic.StartsWith(UserPrefix, StringComparison.Ordinal) && topic.Length > UserPrefix.Length));

    public static string ForConnection(string connectionId) => ConnectionPrefix + connectionId;

    public static string ForUser(string userId) => UserPrefix + userId;
}
