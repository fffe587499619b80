namespace SignalRPub.Cluster;

/// <summary>What crosses nodes could not be done now: the cluster's shared medium (Redis) is unreachable.</summary>
internal sealed class ClusterUnavailableException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
