using SignalRPub.Routing;

namespace SignalRPub.Actions;

/// <summary>The wire names of actions (<c>X-Action</c>).</summary>
internal static class ActionNames
{
    public const string Disconnected = "disconnected";

    public static string Of(RouteAction action) => action switch
    {
        RouteAction.Register => "register",
        RouteAction.SubAdd => "sub_add",
        RouteAction.SubPut => "sub_put",
        RouteAction.SubDelete => "sub_delete",
        RouteAction.Disconnect => "disconnect",
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };
}
