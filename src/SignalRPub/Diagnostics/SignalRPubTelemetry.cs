namespace SignalRPub.Diagnostics;

/// <summary>
/// The names under which the gateway reports itself, for a host that wires them into its own OpenTelemetry setup:
/// <c>metrics.AddMeter(SignalRPubTelemetry.MeterName)</c> and <c>tracing.AddSource(SignalRPubTelemetry.ActivitySourceName)</c>.
/// </summary>
public static class SignalRPubTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> every gateway instrument belongs to.</summary>
    public const string MeterName = "SignalRPub";

    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> of the gateway's spans (actions, publishes).</summary>
    public const string ActivitySourceName = "SignalRPub";
}
