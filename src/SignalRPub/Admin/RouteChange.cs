using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace SignalRPub.Admin;

/// <summary>The routes and plugin metadata as one admin change would leave them.</summary>
internal sealed record RouteChange(ImmutableSortedDictionary<string, StoredRoute> Routes, ImmutableSortedDictionary<string, JsonObject> Metadata);
