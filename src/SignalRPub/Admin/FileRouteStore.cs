using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace SignalRPub.Admin;

/// <summary>
/// Keeps the route document in <c>routes.json</c> in the data directory. A save writes a temporary file,
/// flushes it to disk and renames it over the old one, so a crash mid-write leaves the old file whole.
/// </summary>
internal sealed class FileRouteStore(IOptions<SignalRPubOptions> options) : IRouteStore
{
    public const string FileName = "routes.json";

    // Only this process writes the file, so versions count its saves since it started.
    private long _version;

    public string FilePath { get; } = Path.Combine(Path.GetFullPath(options.Value.Storage.DataDirectory), FileName);

    public RouteDocument? Load()
    {
        if (!File.Exists(FilePath))
        {
            return null;
        }

        var document = RouteDocumentJson.Read(File.ReadAllBytes(FilePath), FilePath);
        _version = Math.Max(_version, 1);
        return document with { Version = _version };
    }

    public Task<RouteDocument?> LoadAsync(CancellationToken cancellationToken) => Task.FromResult(Load());

    public IChangeToken GetChangeToken() => NullChangeToken.Singleton;

    public async Task<long?> SaveAsync(RouteDocument document, long expectedVersion, CancellationToken cancellationToken)
    {
        if (expectedVersion != _version)
        {
            return null;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var temporary = $"{FilePath}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await RouteDocumentJson.WriteAsync(stream, document, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, FilePath, overwrite: true);
            return ++_version;
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
