using System.Text.Json.Nodes;

namespace SignalRPub.Redis.Tests.Infrastructure;

/// <summary>What a <see cref="GatewayNode"/> is started with (kept for its restarts).</summary>
internal sealed class GatewayNodeOptions
{
    /// <summary>A name for the node in failure messages and logs, e.g. <c>a</c>.</summary>
    public string Name { get; set; } = "node";

    /// <summary>The routes (<c>SignalRPub:Routes</c>); the seed's by default.</summary>
    public JsonArray Routes { get; set; } = TestRoutes.Seed();

    /// <summary>Values of <c>SignalRPub:Limits</c>, e.g. <c>Limits["RegisterTimeoutSeconds"] = 1</c>; unset ones keep their defaults.</summary>
    public JsonObject Limits { get; } = [];

    /// <summary>
    /// Members merged into the <c>SignalRPub</c> section of the node's <c>appsettings.json</c> last (objects member by
    /// member), e.g. <c>Settings["Upstreams"]</c>. The listeners, keys and storage are set by <see cref="GatewayNode"/>
    /// through environment variables, which win.
    /// </summary>
    public JsonObject Settings { get; } = [];

    /// <summary>
    /// Environment variables of the node's process, set last (they win over everything), e.g.
    /// <c>Environment["SignalRPub__Redis__Prefix"] = "c1"</c>.
    /// </summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>The publish API key.</summary>
    public string PublishKey { get; set; } = GatewayNode.DefaultPublishKey;

    /// <summary>The admin API key.</summary>
    public string AdminKey { get; set; } = GatewayNode.DefaultAdminKey;

    /// <summary>
    /// <c>SignalRPub:Security:TokenSecret</c>; none by default, so that nodes sharing a Redis agree on a generated one
    /// (a node without Redis makes its own).
    /// </summary>
    public string? TokenSecret { get; set; }

    /// <summary>Joins the node to the cluster on <paramref name="redis"/> (<c>SignalRPub:Redis:Configuration</c>, and <c>Prefix</c> when given).</summary>
    public GatewayNodeOptions UseRedis(RedisServer redis, string? prefix = null) => UseRedis(redis.ConfigurationString, prefix);

    /// <summary>Sets <c>SignalRPub:Redis:Configuration</c> to <paramref name="configuration"/> (and <c>Prefix</c> when given).</summary>
    public GatewayNodeOptions UseRedis(string configuration, string? prefix = null)
    {
        Environment["SignalRPub__Redis__Configuration"] = configuration;
        if (prefix is not null)
        {
            Environment["SignalRPub__Redis__Prefix"] = prefix;
        }

        return this;
    }
}
