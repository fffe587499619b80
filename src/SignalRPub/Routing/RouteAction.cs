namespace SignalRPub.Routing;

/// <summary>What an action route does to a connection.</summary>
internal enum RouteAction
{
    Register,
    SubAdd,
    SubPut,
    SubDelete,
    Disconnect,
}
