namespace SignalRPub.Connections;

/// <summary>
/// The push framing of a raw connection (PROTOCOL.md §3, §4): plain push frames, or batch frames carrying several
/// pushes at once. Each successful <c>register</c> sets it from its own <c>pushBatch</c> header.
/// </summary>
internal interface IPushBatchSwitch
{
    /// <summary>Turns batch frames on or off for what the connection sends from now on.</summary>
    void SetPushBatch(bool enabled);
}
