namespace SignalRPub.Client;

/// <summary>
/// The URIs of the action routes a <see cref="SignalRPubClient"/> uses. The defaults are the routes the gateway ships with
/// (docs/protocol.md, "Routes shipped with the server").
/// </summary>
public sealed record SignalRPubRoutes
{
    /// <summary>The <c>register</c> route. Default <c>/60101/ormp/session/channelRegister</c>.</summary>
    public string Register { get; init; } = "/60101/ormp/session/channelRegister";

    /// <summary>The <c>sub_add</c> route, used by <see cref="SignalRPubClient.SubscribeAsync"/>. Default <c>/60150/ormp/subscribe/accountSubscribe</c>.</summary>
    public string SubAdd { get; init; } = "/60150/ormp/subscribe/accountSubscribe";

    /// <summary>
    /// The <c>sub_put</c> route, used by <see cref="SignalRPubClient.ReplaceAsync"/> and to restore the topics after a
    /// reconnect. Default <c>/60150/ormp/subscribe/syncSubscribe</c>.
    /// </summary>
    public string SubPut { get; init; } = "/60150/ormp/subscribe/syncSubscribe";

    /// <summary>The <c>sub_delete</c> route, used by <see cref="SignalRPubClient.UnsubscribeAsync"/>. Default <c>/60150/ormp/subscribe/cancelSubscribe</c>.</summary>
    public string SubDelete { get; init; } = "/60150/ormp/subscribe/cancelSubscribe";

    /// <summary>The <c>disconnect</c> route, used by <see cref="SignalRPubClient.DisconnectAsync"/>. Default <c>/60101/ormp/session/channelDisconnect</c>.</summary>
    public string Disconnect { get; init; } = "/60101/ormp/session/channelDisconnect";
}
