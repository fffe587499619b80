using System.Security.Cryptography;

namespace SignalRPub.Demo;

/// <summary>
/// The demo page's files, embedded in the assembly (<c>Demo/wwwroot</c>, logical names <c>SignalRPub.Demo.&lt;file&gt;</c>)
/// so that the page works offline and with nothing but the library installed.
/// </summary>
internal sealed class DemoFiles
{
    public const string Index = "index.html";

    private const string ResourcePrefix = "SignalRPub.Demo.";

    private static readonly Dictionary<string, string> s_contentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    private readonly Dictionary<string, DemoFile> _files;

    public DemoFiles()
    {
        var assembly = typeof(DemoFiles).Assembly;
        _files = new Dictionary<string, DemoFile>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..];
            if (!s_contentTypes.TryGetValue(Path.GetExtension(name), out var contentType))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12)) + "\"";
            _files[name] = new DemoFile(name, contentType, content, etag);
        }
    }

    /// <summary>The file called <paramref name="name"/> (no folders), or null.</summary>
    public DemoFile? Find(string name) => _files.GetValueOrDefault(name.Length == 0 ? Index : name);
}
