using System.Text;
using System.Text.Json;
using SignalRPub.Protocol;

namespace SignalRPub.Upstreams;

/// <summary>Reads an upstream's answer body: bounded in size, and made safe to copy into any frame as JSON.</summary>
internal static class UpstreamAnswer
{
    /// <summary>The body's bytes, or null when it is over <paramref name="maxBytes"/> (read no further than that).</summary>
    public static async Task<byte[]?> ReadAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is { } announced && announced > maxBytes)
        {
            return null;
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[Math.Min(maxBytes + 1, 16 * 1024)];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    /// <summary>
    /// The body as JSON: empty when there is none; as it is when it is valid JSON text (<see cref="JsonText"/>) no deeper
    /// than a frame can carry to every client (<see cref="JsonText.MaxEmbeddedDepth"/>); else a JSON string of its text,
    /// with bytes that are not UTF-8 replaced by U+FFFD.
    /// </summary>
    public static ReadOnlyMemory<byte> AsJson(byte[] body) =>
        body.Length == 0 ? ReadOnlyMemory<byte>.Empty
        : JsonText.Validate(body, JsonText.MaxEmbeddedDepth) is null ? body
        : JsonSerializer.SerializeToUtf8Bytes(Encoding.UTF8.GetString(body));
}
