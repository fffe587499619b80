using System.Text;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>
/// docs/admin.md §7: plugin metadata is kept for the plugins SignalRPub knows only, and its body passes the same
/// checks as a route's; anything else is refused and changes nothing.
/// </summary>
public sealed class AdminPluginMetadataTests
{
    private const string Metadata = """{"api7_push_gateway_addrs":["127.0.0.1:9080"]}""";

    [Theory]
    [InlineData("ht-ws-msg-pub")]
    [InlineData("ht-msg-sub")]
    [InlineData("ht-ws-msg-sub")]
    public async Task PutPluginMetadata_KnownPlugin_StoredAndReturned(string plugin)
    {
        await using var admin = await AdminGateway.StartAsync();

        var put = await admin.SendAsync(HttpMethod.Put, $"/apisix/admin/plugin_metadata/{plugin}", Metadata);

        put.AssertStatus(200);
        var expected = $$"""{"key":"/apisix/plugin_metadata/{{plugin}}","value":{{Metadata}}}""";
        JsonAssert.Equal(expected, put.Json);
        JsonAssert.Equal(expected, (await admin.SendAsync(HttpMethod.Get, $"/apisix/admin/plugin_metadata/{plugin}")).Json);
    }

    [Theory]
    [InlineData("limit-count")]
    [InlineData("HT-WS-MSG-PUB")]
    [InlineData("ht-ws-msg-pub2")]
    [InlineData("x")]
    [InlineData("a%20b")]
    [InlineData("a%2Fb")]
    [InlineData("%C3%A9")]
    [InlineData("%ED%B0%80")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task PutPluginMetadata_UnknownPlugin_400AndNothingStored(string plugin)
    {
        await using var admin = await AdminGateway.StartAsync();

        var answer = await admin.SendAsync(HttpMethod.Put, $"/apisix/admin/plugin_metadata/{plugin}", Metadata);

        var message = AdminAssert.Error(answer, 400);
        Assert.StartsWith("unknown plugin", message);
        Assert.Contains("ht-ws-msg-pub, ht-msg-sub, ht-ws-msg-sub", message);
        AdminAssert.Error(await admin.SendAsync(HttpMethod.Get, $"/apisix/admin/plugin_metadata/{plugin}"), 404);
        Assert.DoesNotContain("limit-count", File.ReadAllText(admin.RoutesFile));
    }

    [Theory]
    [InlineData("null", "plugin metadata must be a JSON object")]
    [InlineData("""["127.0.0.1:9080"]""", "plugin metadata must be a JSON object")]
    [InlineData("\"x\"", "plugin metadata must be a JSON object")]
    [InlineData("not json", "invalid request body:")]
    [InlineData("""{"a":"\udc00"}""", "invalid request body:")]
    [InlineData("""{"a":1,"a":2}""", "invalid request body:")]
    public async Task PutPluginMetadata_InvalidBody_400AndStoredValueKept(string body, string expected)
    {
        await using var admin = await AdminGateway.StartAsync();
        const string path = "/apisix/admin/plugin_metadata/ht-ws-msg-pub";
        (await admin.SendAsync(HttpMethod.Put, path, Metadata)).AssertStatus(200);

        var answer = await admin.SendAsync(HttpMethod.Put, path, body);

        Assert.StartsWith(expected, AdminAssert.Error(answer, 400));
        JsonAssert.Equal(Metadata, JsonAssert.Property((await admin.SendAsync(HttpMethod.Get, path)).Json, "value"));
    }

    [Fact]
    public async Task PutPluginMetadata_OverOneMebibyteOrInvalidUtf8_RefusedAndStoredValueKept()
    {
        await using var admin = await AdminGateway.StartAsync();
        const string path = "/apisix/admin/plugin_metadata/ht-ws-msg-pub";
        (await admin.SendAsync(HttpMethod.Put, path, Metadata)).AssertStatus(200);

        var large = await admin.SendAsync(HttpMethod.Put, path, $$"""{"pad":"{{new string('a', 1024 * 1024)}}"}""");
        var invalid = await admin.SendBytesAsync(HttpMethod.Put, path, [.. Encoding.UTF8.GetBytes("{\"a\":\""), 0xFF, .. Encoding.UTF8.GetBytes("\"}")]);

        AdminAssert.Error(large, 413);
        Assert.Contains("not valid UTF-8", AdminAssert.Error(invalid, 400));
        JsonAssert.Equal(Metadata, JsonAssert.Property((await admin.SendAsync(HttpMethod.Get, path)).Json, "value"));
    }
}
