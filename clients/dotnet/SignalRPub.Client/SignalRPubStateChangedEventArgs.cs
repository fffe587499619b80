namespace SignalRPub.Client;

/// <summary>A change of <see cref="SignalRPubClient.State"/>.</summary>
/// <param name="PreviousState">The state before the change.</param>
/// <param name="State">The state after the change.</param>
/// <param name="Error">
/// Why the change happened, when something failed: the error that dropped the connection (with
/// <see cref="SignalRPubConnectionState.Reconnecting"/>), or the error that made reconnecting give up (with
/// <see cref="SignalRPubConnectionState.Disconnected"/>); otherwise <see langword="null"/>.
/// </param>
public sealed record SignalRPubStateChangedEventArgs(
    SignalRPubConnectionState PreviousState,
    SignalRPubConnectionState State,
    Exception? Error);
