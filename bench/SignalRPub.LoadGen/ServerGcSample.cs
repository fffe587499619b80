namespace SignalRPub.LoadGen;

/// <summary>One reading of the server's GC figures from <c>/signalrpub/stats</c>.</summary>
internal sealed record ServerGcSample(long Gen0, string Mode, long AllocatedBytes, long HeapBytes);
