namespace SignalRPub.RawWebSockets;

/// <summary>What <see cref="UpgradeHeadParser"/> made of the first bytes of a connection.</summary>
internal enum HeadVerdict
{
    /// <summary>It may still become an upgrade to an entry route: wait for more bytes.</summary>
    NeedMore,

    /// <summary>Anything but a complete, well-formed upgrade to an entry route: HTTP reads it as it would have.</summary>
    PassToHttp,

    /// <summary>A complete HTTP/1.1 WebSocket upgrade to an entry route, answered below HTTP.</summary>
    Upgrade,
}
