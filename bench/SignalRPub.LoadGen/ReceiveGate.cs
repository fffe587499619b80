namespace SignalRPub.LoadGen;

/// <summary>Lets a client's receive loop stop reading (to play a slow consumer) and go on again later.</summary>
internal sealed class ReceiveGate
{
    private TaskCompletionSource? _paused;

    public void Pause() => Interlocked.CompareExchange(ref _paused, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), null);

    public void Resume() => Interlocked.Exchange(ref _paused, null)?.TrySetResult();

    /// <summary>Completes at once unless paused; a read already under way is not stopped.</summary>
    public Task WaitAsync() => Volatile.Read(ref _paused)?.Task ?? Task.CompletedTask;
}
