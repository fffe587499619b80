using System.Text.Json.Nodes;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>What a <see cref="TestGateway"/> is started with.</summary>
internal sealed class TestGatewayOptions
{
    /// <summary>The routes (<c>SignalRPub:Routes</c>); the seed's by default.</summary>
    public JsonArray Routes { get; set; } = TestRoutes.Seed();

    /// <summary>Values of <c>SignalRPub:Limits</c>, e.g. <c>Limits["RegisterTimeoutSeconds"] = 1</c>; unset ones keep their defaults.</summary>
    public JsonObject Limits { get; } = [];

    /// <summary>
    /// Members merged into the <c>SignalRPub</c> section last (objects member by member), e.g.
    /// <c>Settings["Admin"] = new JsonObject { ["Enabled"] = true }</c> or <c>Settings["Upstreams"]</c>.
    /// </summary>
    public JsonObject Settings { get; } = [];

    /// <summary>Changes to the gateway's services, made after <c>AddSignalRPub</c> (e.g. replacing its <see cref="TimeProvider"/>).</summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>Middleware the host puts in its pipeline before <c>MapSignalRPub</c> (e.g. its own <c>UseWebSockets</c>).</summary>
    public Action<Microsoft.AspNetCore.Builder.WebApplication>? ConfigureApp { get; set; }

    /// <summary>
    /// The gateway listener's loopback port; 0 (the default) takes a free one. A test that restarts a gateway gives the
    /// new one the port of the old, so clients reconnect to the same address.
    /// </summary>
    public int Port { get; set; }

    /// <summary>The publish API key.</summary>
    public string PublishKey { get; set; } = TestGateway.DefaultPublishKey;

    /// <summary>The upstream forwarder to use instead of the real one, or null to keep the real one.</summary>
    public FakeForwarder? Forwarder { get; set; }

    /// <summary>Uses the seed's routes with an upstream on every action route, answered by <paramref name="forwarder"/>.</summary>
    public TestGatewayOptions UseSeedWithUpstream(FakeForwarder forwarder)
    {
        Routes = TestRoutes.Seed(upstream: true);
        Forwarder = forwarder;
        return this;
    }
}
