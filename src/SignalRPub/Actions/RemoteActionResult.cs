namespace SignalRPub.Actions;

/// <summary>The result of an action as it travels back from the node that ran it.</summary>
internal sealed record RemoteActionResult(int Status, byte[] Body, bool CloseAfter)
{
    public static RemoteActionResult From(ActionResult result) => new(result.Status, result.Body.ToArray(), result.CloseAfter);

    public ActionResult ToResult() => new(Status, Body) { CloseAfter = CloseAfter };
}
