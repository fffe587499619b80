using System.Text.Json;
using System.Text.Json.Serialization;

namespace SignalRPub.Client.Internal;

/// <summary>
/// The generated JSON metadata the generated Refit clients are registered with. Their methods take and return raw
/// HTTP content (<see cref="ApiAnswers"/> writes and reads it), so Refit itself serialises nothing.
/// </summary>
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
