namespace SignalRPub;

/// <summary>Where routes and plugin metadata are kept.</summary>
public sealed class StorageOptions
{
    /// <summary>
    /// <c>file</c>: a file in <see cref="DataDirectory"/>, written atomically; <c>memory</c>: not kept across
    /// restarts. Default <c>memory</c> for the library (it writes no file it was not asked to); the
    /// SignalRPub.Server executable sets <c>file</c> in its appsettings.json.
    /// </summary>
    public string Provider { get; set; } = "memory";

    /// <summary>The data directory, relative to the working directory unless absolute. Default <c>data</c>.</summary>
    public string DataDirectory { get; set; } = "data";
}
