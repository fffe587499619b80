namespace SignalRPub.Admin;

/// <summary>Upstream attempts on one node over the window: how many, how many did not succeed, and their duration percentiles (seconds).</summary>
internal readonly record struct LatencySummary(int Calls, int Errors, double P50, double P90, double P99, double Max);
