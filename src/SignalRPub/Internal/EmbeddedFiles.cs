using System.Security.Cryptography;

namespace SignalRPub.Internal;

/// <summary>
/// The files of a page embedded in the assembly under one prefix of logical names (<c>SignalRPub.Demo.&lt;file&gt;</c>,
/// <c>SignalRPub.Dashboard.&lt;file&gt;</c>), so that the page works offline and with nothing but the library installed.
/// </summary>
internal sealed class EmbeddedFiles
{
    public const string Index = "index.html";

    private static readonly Dictionary<string, string> s_contentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    private readonly Dictionary<string, EmbeddedFile> _files;

    public EmbeddedFiles(string resourcePrefix)
    {
        var assembly = typeof(EmbeddedFiles).Assembly;
        _files = new Dictionary<string, EmbeddedFile>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(resourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[resourcePrefix.Length..];
            if (!s_contentTypes.TryGetValue(Path.GetExtension(name), out var contentType))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12)) + "\"";
            _files[name] = new EmbeddedFile(name, contentType, content, etag);
        }
    }

    /// <summary>The file called <paramref name="name"/> (no folders; empty: the index), or null.</summary>
    public EmbeddedFile? Find(string name) => _files.GetValueOrDefault(name.Length == 0 ? Index : name);
}
