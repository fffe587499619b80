namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>Upper bounds of every wait in the suite, so that a broken gateway fails a test instead of hanging it.</summary>
internal static class TestTimeouts
{
    /// <summary>The longest any single expected event (a response, a push, a close) may take.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    /// <summary>The longest a clean-up step (closing a socket, stopping a server) may take.</summary>
    public static readonly TimeSpan CleanUp = TimeSpan.FromSeconds(5);
}
