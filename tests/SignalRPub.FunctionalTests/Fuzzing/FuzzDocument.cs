using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;

namespace SignalRPub.FunctionalTests.Fuzzing;

/// <summary>
/// A JSON document for a fuzz input: one of a few valid seeds (what real clients send), changed by a few
/// <see cref="JsonMutation"/>s, and sometimes broken as text by a <see cref="TextMutation"/>. Valid seeds keep most
/// inputs close to what the gateway accepts, where the interesting refusals are.
/// </summary>
internal sealed record FuzzDocument(JsonNode? Seed, JsonMutation[] Mutations, TextMutation? Text)
{
    /// <summary>Deep enough for any nesting the mutations make.</summary>
    public const int MaxDepth = 4096;

    private static readonly JsonSerializerOptions s_writer = new() { MaxDepth = MaxDepth, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The document after the structural mutations: well-formed JSON, whatever it now means.</summary>
    public JsonNode? Node => Mutations.Aggregate(Seed?.DeepClone(), (node, mutation) => mutation.ApplyTo(node));

    /// <summary>
    /// Documents grown from <paramref name="seeds"/>: a third without structural mutations (so that text mutations
    /// and valid documents are common too), half with one, the rest with two or three; a text mutation one time in three.
    /// </summary>
    public static Gen<FuzzDocument> From(params JsonNode[] seeds) => Gen.Select(
        Gen.OneOf(seeds),
        Gen.Frequency((2, JsonMutation.Gen.Array[0, 0]), (3, JsonMutation.Gen.Array[1, 1]), (1, JsonMutation.Gen.Array[2, 3])),
        TextMutation.Gen.Null(2.0 / 3),
        (seed, mutations, text) => new FuzzDocument(seed, mutations, text));

    /// <summary>The bytes to send.</summary>
    public byte[] ToUtf8()
    {
        var node = Node;
        var json = node is null ? "null"u8.ToArray() : JsonSerializer.SerializeToUtf8Bytes(node, s_writer);
        return Text?.ApplyTo(json) ?? json;
    }

    public override string ToString()
    {
        var bytes = ToUtf8();
        var shown = new StringBuilder();
        foreach (var b in bytes.Take(2000))
        {
            shown.Append(b is >= 0x20 and < 0x7F ? (char)b : $"\\x{b:X2}");
        }

        return $"{bytes.Length} bytes after [{string.Join(", ", Mutations.Select(m => $"{m.Kind} {m.Target}/{m.Other} {m.Value?.ToJsonString() ?? "null"}"))}]" +
            $"{(Text is null ? "" : $" and {Text.Kind} {Text.Target}/{Text.Choice}")}: {shown}{(bytes.Length > 2000 ? "…" : "")}";
    }
}
