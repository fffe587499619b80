namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>The URIs of the seed's routes (PROTOCOL.md §1).</summary>
internal static class SeedUris
{
    public const string EntryId = "1";

    public const string Entry = "/msg-pub";

    public const string Register = "/60101/ormp/session/channelRegister";

    public const string SubAdd = "/60150/ormp/subscribe/accountSubscribe";

    public const string SubPut = "/60150/ormp/subscribe/syncSubscribe";

    public const string SubDelete = "/60150/ormp/subscribe/cancelSubscribe";

    public const string Disconnect = "/60101/ormp/session/channelDisconnect";
}
