namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>A clock whose wall-clock time stands still (timestamps and timers still run), for behaviour within one instant.</summary>
internal sealed class FrozenClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
