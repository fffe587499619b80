namespace SignalRPub.Protocol;

/// <summary>The names of the hub's methods on the wire (PROTOCOL.md §3.4): the one clients call, the one they receive.</summary>
internal static class HubMethods
{
    /// <summary>The hub method a client calls with a request frame; it returns the response frame.</summary>
    public const string Request = "Request";

    /// <summary>The client method pushes arrive on, with one argument <c>{"topic":…,"data":…}</c>.</summary>
    public const string Push = "push";
}
