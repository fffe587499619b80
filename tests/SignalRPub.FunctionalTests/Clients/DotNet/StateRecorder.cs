using SignalRPub.Client;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Clients.DotNet;

/// <summary>Records every <see cref="SignalRPubClient.StateChanged"/> and lets a test await a state, bounded by <see cref="TestTimeouts.Default"/>.</summary>
internal sealed class StateRecorder
{
    private readonly Lock _lock = new();
    private readonly List<SignalRPubStateChangedEventArgs> _changes = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StateRecorder(SignalRPubClient client) => client.StateChanged += (_, change) =>
    {
        lock (_lock)
        {
            _changes.Add(change);
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    };

    /// <summary>Every change so far, in order.</summary>
    public IReadOnlyList<SignalRPubStateChangedEventArgs> Changes
    {
        get
        {
            lock (_lock)
            {
                return [.. _changes];
            }
        }
    }

    /// <summary>The states entered so far, in order.</summary>
    public IReadOnlyList<SignalRPubConnectionState> States => [.. Changes.Select(c => c.State)];

    /// <summary>Waits until the client has entered <paramref name="state"/> for the <paramref name="occurrence"/>th time; returns that change.</summary>
    public async Task<SignalRPubStateChangedEventArgs> WaitForAsync(SignalRPubConnectionState state, int occurrence = 1)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Default;
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                var found = _changes.Where(c => c.State == state).Skip(occurrence - 1).FirstOrDefault();
                if (found is not null)
                {
                    return found;
                }

                changed = _changed.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                Assert.Fail($"The client did not become {state} (#{occurrence}) in time; states: {string.Join(", ", States)}.");
            }

            try
            {
                await changed.WaitAsync(left);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"The client did not become {state} (#{occurrence}) in time; states: {string.Join(", ", States)}.");
            }
        }
    }
}
