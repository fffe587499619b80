namespace SignalRPub.Routing;

/// <summary>One node of an upstream.</summary>
internal sealed record UpstreamNode(string Host, int Port, int Weight)
{
    public string Authority => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
