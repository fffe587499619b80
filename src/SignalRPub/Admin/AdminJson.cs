using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SignalRPub.Admin;

/// <summary>
/// The limits of the JSON the admin API takes in, keeps and writes back, in one place: whatever it accepts, it can
/// also store, answer with, list and load again, because every reader and writer of a document allows the deepest
/// accepted document inside the deepest envelope.
/// </summary>
internal static class AdminJson
{
    /// <summary>The largest request body, in bytes (1 MiB).</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>The deepest nesting of objects and arrays in a route or plugin metadata document (the document itself is level 1).</summary>
    public const int MaxDocumentDepth = 32;

    /// <summary>
    /// How deep a document sits in what is written around it: three levels in a list answer
    /// (<c>{"list":[{"value":…}]}</c>); two in the store file (<c>{"routes":{"id":…}}</c>); one in any other answer.
    /// </summary>
    public const int EnvelopeDepth = 3;

    /// <summary>The depth every writer and reader of admin documents allows.</summary>
    public const int MaxWrittenDepth = MaxDocumentDepth + EnvelopeDepth;

    /// <summary>How admin answers are written: non-ASCII text as it is, and room for the deepest document in a list.</summary>
    public static JsonSerializerOptions Answers { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = MaxWrittenDepth,
    };

    /// <summary>How a checked request body is parsed: a repeated property name is refused rather than one of them dropped.</summary>
    public static JsonDocumentOptions Documents { get; } = new()
    {
        MaxDepth = MaxDocumentDepth,
        AllowDuplicateProperties = false,
    };

    /// <summary>How deep <paramref name="node"/> nests objects and arrays: 0 for a scalar or null, 1 for <c>{}</c>.</summary>
    public static int DepthOf(JsonNode? node) => node switch
    {
        JsonObject obj => 1 + obj.Select(p => DepthOf(p.Value)).DefaultIfEmpty(0).Max(),
        JsonArray array => 1 + array.Select(DepthOf).DefaultIfEmpty(0).Max(),
        _ => 0,
    };
}
