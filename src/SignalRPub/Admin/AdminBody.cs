using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SignalRPub.Internal;
using SignalRPub.Protocol;

namespace SignalRPub.Admin;

/// <summary>
/// A request body of the admin API, read where it enters: at most <see cref="AdminJson.MaxBodyBytes"/>, exactly one
/// JSON value of valid text (<see cref="JsonText"/>), no deeper than <see cref="AdminJson.MaxDocumentDepth"/>, no
/// property named twice. Either <see cref="Refusal"/> says why not, or <see cref="Node"/> holds the value (null for
/// JSON <c>null</c>).
/// </summary>
internal sealed record AdminBody(JsonNode? Node, AdminResult? Refusal)
{
    private const string Invalid = "invalid request body: ";

    public static async Task<AdminBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var bytes = await HttpAnswers.ReadBodyAsync(request, AdminJson.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return Refused(413, string.Create(CultureInfo.InvariantCulture, $"request body larger than {AdminJson.MaxBodyBytes} bytes (1 MiB)"));
        }

        if (JsonText.Validate(bytes, AdminJson.MaxDocumentDepth) is { } reason)
        {
            // Checked again without the depth limit only when refused, so that a deep but otherwise valid document is
            // told what to change; a document cannot nest deeper than it has bytes.
            return Refused(400, JsonText.IsValid(bytes, bytes.Length + 1)
                ? string.Create(CultureInfo.InvariantCulture, $"{Invalid}nested deeper than {AdminJson.MaxDocumentDepth} levels of objects and arrays")
                : Invalid + reason);
        }

        try
        {
            return new AdminBody(JsonNode.Parse(bytes, documentOptions: AdminJson.Documents), null);
        }
        catch (JsonException ex)
        {
            // The text is valid, so what is left is a property named twice in one object.
            return Refused(400, Invalid + ex.Message);
        }
    }

    private static AdminBody Refused(int status, string message) => new(null, AdminResult.Error(status, message));
}
