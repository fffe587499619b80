namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>
/// Repeats a request until its answer shows a state the gateway reaches asynchronously (e.g. a closed connection
/// leaving the registry); bounded by <see cref="TestTimeouts.Default"/>.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Sends <paramref name="request"/> until it answers <paramref name="status"/>; returns the last answer.</summary>
    public static async Task<HttpAnswer> StatusAsync(Func<Task<HttpAnswer>> request, int status)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Default;
        while (true)
        {
            var answer = await request();
            if (answer.StatusCode == status || DateTime.UtcNow > deadline)
            {
                return answer;
            }

            await Task.Delay(Interval);
        }
    }
}
