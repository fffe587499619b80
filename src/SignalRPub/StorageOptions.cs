namespace SignalRPub;

/// <summary>Where routes and plugin metadata are kept.</summary>
public sealed class StorageOptions
{
    /// <summary><c>file</c> (default): a file in <see cref="DataDirectory"/>, written atomically; <c>memory</c>: not kept across restarts.</summary>
    public string Provider { get; set; } = "file";

    /// <summary>The data directory, relative to the working directory unless absolute. Default <c>data</c>.</summary>
    public string DataDirectory { get; set; } = "data";
}
