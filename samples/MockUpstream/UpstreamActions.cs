namespace SignalRPub.Samples.MockUpstream;

/// <summary>The values of the <c>X-Action</c> header the gateway sends (protocol §7).</summary>
internal static class UpstreamActions
{
    public const string Register = "register";
    public const string SubAdd = "sub_add";
    public const string SubPatch = "sub_patch";
    public const string SubPut = "sub_put";
    public const string SubDelete = "sub_delete";
    public const string Disconnect = "disconnect";
    public const string Disconnected = "disconnected";
}
