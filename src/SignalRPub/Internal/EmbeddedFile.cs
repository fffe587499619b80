namespace SignalRPub.Internal;

/// <summary>One file of a page the gateway serves (the demo, the dashboard), read once from the assembly's resources.</summary>
internal sealed record EmbeddedFile(string Name, string ContentType, byte[] Content, string ETag);
