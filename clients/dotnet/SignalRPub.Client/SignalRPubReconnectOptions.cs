namespace SignalRPub.Client;

/// <summary>
/// How a <see cref="SignalRPubClient"/> reconnects after losing its connection: attempt <c>n</c> (from 1) waits
/// <c>min(MaxDelay, InitialDelay × 2^(n−1))</c>, shortened by a random part of up to <see cref="Jitter"/> of it.
/// </summary>
public sealed class SignalRPubReconnectOptions
{
    /// <summary>Whether a lost connection is reconnected. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The wait before the first attempt. Default 1 s; at least zero.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts. Default 30 s; at least <see cref="InitialDelay"/>.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The share of each wait that is random, from 0 (none) to 1 (anywhere from zero to the full wait). Default 0.5.</summary>
    public double Jitter { get; set; } = 0.5;

    /// <summary>How many attempts are made before giving up (the state becomes <see cref="SignalRPubConnectionState.Disconnected"/>); <see langword="null"/> (the default) tries for ever. At least 1.</summary>
    public int? MaxAttempts { get; set; }
}
