namespace SignalRPub.Demo;

/// <summary>One file of the demo page, read once from the assembly's resources.</summary>
internal sealed record DemoFile(string Name, string ContentType, byte[] Content, string ETag);
