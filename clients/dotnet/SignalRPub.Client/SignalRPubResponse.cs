using System.Text.Json;

namespace SignalRPub.Client;

/// <summary>The successful answer to a request (docs/protocol.md §4, response frame).</summary>
/// <param name="Status">The HTTP status of the answer, a 2xx.</param>
/// <param name="Body">The answer's body, e.g. <c>{"topics":[…],"upstream":…}</c>.</param>
public sealed record SignalRPubResponse(int Status, JsonElement Body);
