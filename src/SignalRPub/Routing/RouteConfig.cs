namespace SignalRPub.Routing;

/// <summary>
/// One route as the user wrote it, normalised: either a WebSocket entry (<see cref="IsEntry"/>) or an
/// action route with its <see cref="Action"/> and optional <see cref="Upstream"/>.
/// </summary>
internal sealed record RouteConfig
{
    public required string Id { get; init; }

    public required string Uri { get; init; }

    public bool IsEntry { get; init; }

    public RouteAction Action { get; init; }

    /// <summary>The entry route this action route belongs to (<c>labels.superior_id</c>), or null for every entry.</summary>
    public string? SuperiorId { get; init; }

    public UpstreamConfig? Upstream { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
