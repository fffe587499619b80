namespace SignalRPub.Actions;

/// <summary>The answer to a request frame: the action's result and the frame's <c>msgId</c> (empty when it had none or could not be read).</summary>
internal sealed record FrameAnswer(ReadOnlyMemory<byte> MsgId, ActionResult Result)
{
    public int Status => Result.Status;

    public ReadOnlyMemory<byte> Body => Result.Body;

    public bool CloseAfter => Result.CloseAfter;
}
