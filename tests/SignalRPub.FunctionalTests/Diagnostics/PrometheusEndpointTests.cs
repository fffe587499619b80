using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using SignalRPub.Diagnostics;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Diagnostics;

/// <summary>Issue 12: <c>/metrics</c> on the admin listener, scraped after real traffic (docs/operations.md, "Metrics").</summary>
public sealed class PrometheusEndpointTests
{
    // The series docs/operations.md lists, as the Prometheus exporter names them.
    private static readonly string[] s_documented =
    [
        "signalrpub_connections{",
        "signalrpub_subscriptions{",
        "signalrpub_topics{",
        "signalrpub_messages_published_total{",
        "signalrpub_deliveries_total{",
        "signalrpub_bytes_sent_bytes_total{",
        "signalrpub_slow_consumers_total{",
        "signalrpub_actions_total{",
        "signalrpub_upstream_duration_seconds_bucket{",
        "signalrpub_upstream_duration_seconds_count{",
        "signalrpub_upstream_node_health{",
        "signalrpub_backplane_available{",
        "signalrpub_rate_limit_refusals_total{",
        "dotnet_gc_collections_total",
        "kestrel_active_connections",
    ];

    [Fact]
    public async Task Metrics_AfterTraffic_ServesTheDocumentedSeries()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var admin = await AdminGateway.StartAsync(o => o.Settings["RateLimits"] = new JsonObject { ["PublishMessagesPerSecond"] = 1 });
        await admin.PutRoutesAsync(UpstreamRoutes.Seed(subAdd: UpstreamRoutes.RoundRobin(upstream.Node())));
        await using var client = await admin.Gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a");
        await admin.Gateway.PublishAsync("a", JsonValue.Create(1));
        await client.NextPushAsync();
        var refused = false;
        for (var i = 0; i < 5 && !refused; i++)
        {
            refused = (await admin.Gateway.PublishJsonAsync("""{"topic":"a","data":2}""")).StatusCode == 429;
        }

        Assert.True(refused, "five publishes at once at one a second: one is refused");

        var answer = await admin.SendAsync(HttpMethod.Get, MetricsEndpoint.Path);

        answer.AssertStatus(200);
        foreach (var series in s_documented)
        {
            Assert.Contains(series, answer.Text);
        }

        // OpenTelemetry listens to meters by name, so gateways of other tests in this process show here too: the
        // exact figures are the MetricCollector tests'; these series are this test's own (its upstream's port).
        Assert.Matches(""""signalrpub_actions_total\{[^}]*action="sub_add",status="200",transport="raw"\} [1-9]"""", answer.Text);
        Assert.Matches($$"""signalrpub_upstream_duration_seconds_count\{[^}]*node="{{upstream.Authority}}",outcome="success",route="12"\} 1\b""", answer.Text);
        Assert.Matches(""""signalrpub_connections\{[^}]*protocol="json",registered="true",transport="raw"\} \d+"""", answer.Text);
    }

    [Fact]
    public async Task Metrics_WithoutKey_Answers401()
    {
        await using var admin = await AdminGateway.StartAsync();

        var answer = await admin.SendAsync(HttpMethod.Get, MetricsEndpoint.Path, key: null);

        answer.AssertStatus(401);
        Assert.DoesNotContain("signalrpub_", answer.Text);
    }

    [Fact]
    public async Task Metrics_WithKeyAsBearerToken_Answers200()
    {
        await using var admin = await AdminGateway.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, MetricsEndpoint.Path.TrimStart('/'));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminGateway.AdminKey);

        using var response = await admin.Admin.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("signalrpub_connections{", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_WithWrongBearerToken_Answers401()
    {
        await using var admin = await AdminGateway.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, MetricsEndpoint.Path.TrimStart('/'));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-key");

        using var response = await admin.Admin.SendAsync(request);

        Assert.Equal(401, (int)response.StatusCode);
    }

    [Fact]
    public async Task Metrics_TurnedOff_IsNotServed()
    {
        await using var admin = await AdminGateway.StartAsync(o => o.Settings["Admin"]!["Metrics"] = false);

        var answer = await admin.SendAsync(HttpMethod.Get, MetricsEndpoint.Path);

        answer.AssertStatus(404);
    }

    [Fact]
    public async Task Stats_AfterTraffic_AgreesWithTheInstruments()
    {
        await using var admin = await AdminGateway.StartAsync(o => o.Routes = TestRoutes.Seed());
        using var instruments = new Instruments(admin.Gateway);
        var connections = instruments.Collect<long>(MetricNames.Connections);
        var published = instruments.Collect<long>(MetricNames.MessagesPublished);
        var deliveries = instruments.Collect<long>(MetricNames.Deliveries);
        var bytes = instruments.Collect<long>(MetricNames.BytesSent);
        var subscriptions = instruments.Collect<long>(MetricNames.Subscriptions);
        await using var registered = await admin.Gateway.ConnectRegisteredAsync();
        await using var unregistered = await admin.Gateway.ConnectAsync();
        await using var hub = await admin.Gateway.ConnectHubAsync(HubProtocolKind.Json);
        await registered.SubscribeAsync("a", "b");
        await admin.Gateway.PublishAsync("a", JsonValue.Create(1));
        await registered.NextPushAsync();
        await Poll.UntilAsync(() => TotalOf(connections) == 3, "the three connections to be counted");

        var stats = JsonDocument.Parse((await admin.SendAsync(HttpMethod.Get, "/signalrpub/stats")).Text).RootElement;

        Assert.Equal(TotalOf(connections), stats.GetProperty("connections").GetInt64());
        Assert.Equal(Instruments.Observe(connections, (MetricTags.Transport, MetricTags.Raw), (MetricTags.Registered, true)), stats.GetProperty("registered").GetInt64());
        Assert.Equal(2, stats.GetProperty("unregistered").GetInt64());
        Assert.Equal(Instruments.Observe(published), stats.GetProperty("messagesIn").GetInt64());
        Assert.Equal(Instruments.Observe(subscriptions), stats.GetProperty("subscriptions").GetInt64());
        Assert.Equal(Instruments.Observe(deliveries, (MetricTags.Transport, MetricTags.Raw)) + Instruments.Observe(deliveries, (MetricTags.Transport, MetricTags.Hub)), stats.GetProperty("messagesOut").GetInt64());
        Assert.Equal(Instruments.Observe(bytes, (MetricTags.Transport, MetricTags.Raw)) + Instruments.Observe(bytes, (MetricTags.Transport, MetricTags.Hub)), stats.GetProperty("bytesOut").GetInt64());
    }

    private static long TotalOf(Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long> connections)
    {
        connections.RecordObservableInstruments();
        var last = connections.GetMeasurementSnapshot().TakeLast(6);
        return last.Sum(m => m.Value);
    }
}
