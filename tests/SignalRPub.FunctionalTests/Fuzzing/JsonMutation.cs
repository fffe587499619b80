using System.Text.Json.Nodes;
using CsCheck;

namespace SignalRPub.FunctionalTests.Fuzzing;

/// <summary>
/// One structural change to a JSON document. Nodes are numbered in document order from the root (0), and
/// <see cref="Target"/> and <see cref="Other"/> pick among them modulo their count, so the same mutation applies to any
/// document and reads back in a failure report.
/// </summary>
internal sealed record JsonMutation(JsonMutationKind Kind, int Target, int Other, JsonNode? Value)
{
    public static Gen<JsonMutation> Gen { get; } = CsCheck.Gen.Select(
        CsCheck.Gen.Enum<JsonMutationKind>(),
        CsCheck.Gen.Int[0, 1_000_000],
        CsCheck.Gen.Int[0, 1_000_000],
        FuzzValues.Value,
        (kind, target, other, value) => new JsonMutation(kind, target, other, value));

    /// <summary>The document changed; <paramref name="document"/> itself is left as it was.</summary>
    public JsonNode? ApplyTo(JsonNode? document)
    {
        var root = document?.DeepClone();
        var slots = Slot.All(root);
        var target = slots[Target % slots.Count];
        switch (Kind)
        {
            case JsonMutationKind.Remove:
                return target.Remove(root);
            case JsonMutationKind.Replace:
                return target.Set(root, Value?.DeepClone());
            case JsonMutationKind.Copy:
                return slots[Other % slots.Count].Set(root, target.Node?.DeepClone());
            case JsonMutationKind.Nest:
                var nested = target.Node?.DeepClone();
                var depth = FuzzValues.Depths[Other % FuzzValues.Depths.Length];
                for (var level = 0; level < depth; level++)
                {
                    nested = level % 2 == 0 ? new JsonArray(nested) : new JsonObject { ["n"] = nested };
                }

                return target.Set(root, nested);
            default:
                var name = Value is JsonValue v && v.TryGetValue<string>(out var text) ? text : FuzzValues.OddStrings[Other % FuzzValues.OddStrings.Length];
                return target.Rename(root, name);
        }
    }

    /// <summary>A place in a document: the root, a member of an object, or an element of an array.</summary>
    private sealed record Slot(JsonNode? Node, JsonObject? Object, string? Name, JsonArray? Array, int Index)
    {
        public static List<Slot> All(JsonNode? root)
        {
            var slots = new List<Slot> { new(root, null, null, null, 0) };
            Add(root, slots);
            return slots;
        }

        public JsonNode? Set(JsonNode? root, JsonNode? value)
        {
            if (Object is not null)
            {
                Object[Name!] = value;
            }
            else if (Array is not null)
            {
                Array[Index] = value;
            }
            else
            {
                return value;
            }

            return root;
        }

        public JsonNode? Remove(JsonNode? root)
        {
            if (Object is not null)
            {
                Object.Remove(Name!);
            }
            else if (Array is not null)
            {
                Array.RemoveAt(Index);
            }
            else
            {
                return null;
            }

            return root;
        }

        public JsonNode? Rename(JsonNode? root, string name)
        {
            if (Object is not null && Object.Remove(Name!, out var value))
            {
                Object[name] = value;
            }

            return root;
        }

        private static void Add(JsonNode? node, List<Slot> slots)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (name, value) in obj.ToList())
                    {
                        slots.Add(new Slot(value, obj, name, null, 0));
                        Add(value, slots);
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        slots.Add(new Slot(array[i], null, null, array, i));
                        Add(array[i], slots);
                    }

                    break;
            }
        }
    }
}
