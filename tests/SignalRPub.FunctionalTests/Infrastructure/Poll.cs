namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>
/// A bounded poll for in-process state the gateway reaches asynchronously and signals to nobody (e.g. a closed
/// connection leaving the registry); bounded by <see cref="TestTimeouts.Default"/>. Await a signal wherever there is one.
/// </summary>
internal static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>Waits until <paramref name="condition"/> holds; fails the test with <paramref name="what"/> when it does not in time.</summary>
    public static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    /// <summary>Waits until <paramref name="condition"/> (e.g. a read-only HTTP query) holds; fails the test with <paramref name="what"/> when it does not in time.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Default;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Still waiting after {TestTimeouts.Default.TotalSeconds} s for {what}.");
            }

            await Task.Delay(Interval);
        }
    }
}
