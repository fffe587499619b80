namespace SignalRPub.LoadGen;

/// <summary>Where a bad input goes and with what credentials.</summary>
internal enum BadInputKind
{
    /// <summary>A text frame on a registered raw socket that stays open; answered by a response frame.</summary>
    Frame,

    /// <summary>A text frame on a fresh raw socket that never registered; answered by a response frame.</summary>
    UnregisteredFrame,

    /// <summary>A message on a fresh raw socket that the server must close; the outcome is the close code.</summary>
    ClosingFrame,

    /// <summary>The argument of the hub method <c>Request</c> on a registered SignalR JSON connection.</summary>
    HubFrame,

    /// <summary>A body for <c>POST /api/v1/publish</c> with the publish key.</summary>
    Publish,

    /// <summary>A publish with a key that is not the publish key.</summary>
    PublishWrongKey,

    /// <summary>A publish without a key.</summary>
    PublishNoKey,

    /// <summary>An HTTP action naming the registered raw socket by its token.</summary>
    Action,

    /// <summary>An HTTP action with a token nobody was given.</summary>
    ActionBadToken,

    /// <summary>An HTTP action that names no connection.</summary>
    ActionNoAuth,

    /// <summary>An HTTP action with the publish key and a <c>connId</c> that does not exist.</summary>
    ActionUnknownConnection,
}
