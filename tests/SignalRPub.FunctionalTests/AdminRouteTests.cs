using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>PROTOCOL.md §9 and docs/admin.md §3–§6, §9: creating, reading, listing and deleting routes, in force at once.</summary>
public sealed class AdminRouteTests
{
    [Fact]
    public async Task Put_SeedPayloadsByteForByte_CreatedAndReturnedAsSent()
    {
        await using var admin = await AdminGateway.StartAsync();
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var answers = new List<(string Id, string Payload, HttpAnswer Answer)> { ("1", SeedAdminPayloads.Entry, await admin.PutRouteAsync("1", SeedAdminPayloads.Entry)) };
        foreach (var (id, payload) in SeedAdminPayloads.ActionRoutes)
        {
            answers.Add((id, payload, await admin.PutRouteAsync(id, payload)));
        }

        var after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        foreach (var (id, payload, answer) in answers)
        {
            answer.AssertStatus(201);
            var (created, updated) = AdminAssert.RouteEntry(answer.Json, id, payload);
            Assert.InRange(created, before, after);
            Assert.Equal(created, updated);
            var read = await admin.GetRouteAsync(id);
            read.AssertStatus(200);
            JsonAssert.Equal(answer.Text, read.Json);
        }
    }

    [Fact]
    public async Task Put_SeedPayloadsWithReachableNode_RawClientUsesThemAtOnce()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var admin = await AdminGateway.StartAsync();

        (await admin.PutRouteAsync("1", SeedAdminPayloads.Entry)).AssertStatus(201);
        foreach (var (id, payload) in SeedAdminPayloads.ActionRoutes)
        {
            // Only the node's address differs from the seed: its host exists on the seed's network only.
            var local = payload.Replace($"\"host\": \"{SeedAdminPayloads.SeedHost}\"", "\"host\": \"127.0.0.1\"")
                .Replace($"\"port\": {SeedAdminPayloads.SeedPort}", $"\"port\": {upstream.Port}");
            Assert.NotEqual(payload, local);
            (await admin.PutRouteAsync(id, local)).AssertStatus(201);
        }

        await using var client = await admin.Gateway.ConnectRegisteredAsync();
        Assert.Equal(["hq_100001_123", "hq_100001_129"], await client.SubscribeAsync("hq_100001_129", "hq_100001_123"));
        Assert.Equal(["hq_100001_131", "hq_100001_133"], Frames.Topics(await client.RequestAsync(SeedUris.SubPut, Frames.Topics("hq_100001_131", "hq_100001_133"))));
        Assert.Equal(["hq_100001_133"], Frames.Topics(await client.RequestAsync(SeedUris.SubDelete, Frames.Topics("hq_100001_131"))));
        await admin.Gateway.PublishAsync("hq_100001_133", JsonValue.Create(1));
        Frames.AssertPush(await client.NextPushAsync(), "hq_100001_133", "1");
        Frames.AssertStatus(await client.RequestAsync(SeedUris.Disconnect), 200);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, (await client.WaitClosedAsync()).Status);

        Assert.Equal(
            [
                ("register", SeedUris.Register), ("sub_add", SeedUris.SubAdd), ("sub_put", SeedUris.SubPut),
                ("sub_delete", SeedUris.SubDelete), ("disconnect", SeedUris.Disconnect),
            ],
            upstream.Calls.Select(c => (c.Action, c.PathAndQuery)));
    }

    [Fact]
    public async Task Put_ExistingId_200ReplacesWholeRouteAndKeepsCreateTime()
    {
        await using var admin = await AdminGateway.StartAsync();
        await PutLocalSeedAsync(admin, "1", "11");
        await using var client = await admin.Gateway.ConnectRegisteredAsync();
        const string first = """{"uri":"/first","labels":{"superior_id":"1","team":"a"},"plugins":{"ht-msg-sub":{"action":"sub_add"}}}""";
        const string second = """{"uri":"/second","plugins":{"ht-msg-sub":{"action":"sub_put"}}}""";
        var created = await admin.PutRouteAsync("20", first);
        Assert.Equal(["a", "b"], Frames.Topics(await client.RequestAsync("/first", Frames.Topics("a", "b"))));

        var replaced = await admin.PutRouteAsync("20", second);

        created.AssertStatus(201);
        replaced.AssertStatus(200);
        var (createTime, _) = AdminAssert.RouteEntry(created.Json, "20", first);
        var (keptCreateTime, updateTime) = AdminAssert.RouteEntry(replaced.Json, "20", second);
        Assert.Equal(createTime, keptCreateTime);
        Assert.True(updateTime >= createTime);
        JsonAssert.Equal(replaced.Text, (await admin.GetRouteAsync("20")).Json);
        Frames.AssertError(await client.RequestAsync("/first", Frames.Topics("c")), 404, "not_found");
        Assert.Equal(["c"], Frames.Topics(await client.RequestAsync("/second", Frames.Topics("c"))));
    }

    [Fact]
    public async Task Get_UnknownRoute_404WithErrorMsg()
    {
        await using var admin = await AdminGateway.StartAsync();

        var answer = await admin.GetRouteAsync("42");

        Assert.Equal("route 42 not found", AdminAssert.Error(answer, 404));
    }

    [Fact]
    public async Task List_Label_FiltersAndCountsEveryMatch()
    {
        await using var admin = await AdminGateway.StartAsync();
        (await admin.PutRouteAsync("1", SeedAdminPayloads.Entry)).AssertStatus(201);
        foreach (var (id, payload) in SeedAdminPayloads.ActionRoutes)
        {
            (await admin.PutRouteAsync(id, payload)).AssertStatus(201);
        }

        (await admin.PutRouteAsync("2", AdminRoutes.Entry("/other-entry"))).AssertStatus(201);
        (await admin.PutRouteAsync("21", AdminRoutes.Action("/other/sub", "sub_add", superiorId: "2"))).AssertStatus(201);
        (await admin.PutRouteAsync("30", AdminRoutes.Action("/anywhere/sub", "sub_add", superiorId: null))).AssertStatus(201);

        Assert.Equal(["1", "11", "12", "13", "14", "15", "2", "21", "30"], AdminAssert.ListIds(await ListAsync(admin, ""), 9));
        Assert.Equal(["11", "12", "13", "14", "15"], AdminAssert.ListIds(await ListAsync(admin, "?label=superior_id:1"), 5));
        Assert.Equal(["11", "12", "13", "14", "15", "21"], AdminAssert.ListIds(await ListAsync(admin, "?label=superior_id"), 6));
        Assert.Equal(["21"], AdminAssert.ListIds(await ListAsync(admin, "?label=superior_id:2&page=1&page_size=10"), 1));
        Assert.Empty(AdminAssert.ListIds(await ListAsync(admin, "?label=superior_id:3"), 0));

        var listed = JsonAssert.Property(JsonAssert.Property((await ListAsync(admin, "?label=superior_id:1")).Json, "list")[0], "value");
        JsonAssert.Equal(SeedAdminPayloads.Route11, AdminAssert.WithoutStamps(listed));
    }

    [Fact]
    public async Task Post_WithoutId_201WithGeneratedIdAndServesAtOnce()
    {
        await using var admin = await AdminGateway.StartAsync();
        await PutLocalSeedAsync(admin, "1", "11");
        await using var client = await admin.Gateway.ConnectRegisteredAsync();
        const string body = """{"uri":"/60150/ormp/subscribe/appendSubscribe","labels":{"superior_id":"1"},"plugins":{"ht-msg-sub":{"action":"sub_patch"}}}""";

        var answer = await admin.SendAsync(HttpMethod.Post, "/apisix/admin/routes", body);

        answer.AssertStatus(201);
        var id = JsonAssert.Property(JsonAssert.Property(answer.Json, "value"), "id").GetString()!;
        Assert.Matches("^[0-9]{20}$", id);
        AdminAssert.RouteEntry(answer.Json, id, body);
        JsonAssert.Equal(answer.Text, (await admin.GetRouteAsync(id)).Json);
        Assert.Equal(["a"], Frames.Topics(await client.RequestAsync("/60150/ormp/subscribe/appendSubscribe", Frames.Topics("a"))));
    }

    [Fact]
    public async Task Post_ManyWithinOneInstant_EachCreatesItsOwnRoute()
    {
        // Requests that arrive within one clock reading (concurrent scripts, fast loops) must still each create a route.
        var clock = new FrozenClock(DateTimeOffset.UtcNow);
        await using var admin = await AdminGateway.StartAsync(o => o.ConfigureServices = s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));

        var answers = new List<HttpAnswer>();
        for (var i = 0; i < 120; i++)
        {
            answers.Add(await admin.SendAsync(HttpMethod.Post, "/apisix/admin/routes", AdminRoutes.Action($"/posted/{i}", "sub_add")));
        }

        var replacing = answers.Where(a => a.StatusCode != 201).Select(a => $"{a.StatusCode} {a.Text}").ToList();
        Assert.True(replacing.Count == 0, $"{replacing.Count} of 120 POSTs did not create a route; the first: {replacing.FirstOrDefault()}");
        var ids = answers.Select(a => JsonAssert.Property(JsonAssert.Property(a.Json, "value"), "id").GetString()!).ToList();
        Assert.Equal(120, ids.Distinct().Count());
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        AdminAssert.ListIds(await ListAsync(admin, ""), 120);
    }

    [Fact]
    public async Task Delete_ActionRoute_FramesAndHttpGet404AtOnceAndConnectionKeepsSubscriptions()
    {
        await using var admin = await AdminGateway.StartAsync();
        await PutLocalSeedAsync(admin, "1", "11", "12", "14");
        await using var client = await admin.Gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("kept");

        var deleted = await admin.DeleteRouteAsync("12");

        deleted.AssertStatus(200);
        JsonAssert.Equal("""{"key":"/apisix/routes/12","deleted":"1"}""", deleted.Json);
        Frames.AssertError(await client.RequestAsync(SeedUris.SubAdd, Frames.Topics("new")), 404, "not_found");
        (await admin.Gateway.PostAsync(SeedUris.SubAdd, """{"topics":["new"]}""", client.Authorization)).AssertError(404, "not_found");
        await admin.Gateway.PublishAsync("kept", JsonValue.Create("still"));
        Frames.AssertPush(await client.NextPushAsync(), "kept", "\"still\"");
        Assert.False(client.IsClosed);
        Assert.Equal("route 12 not found", AdminAssert.Error(await admin.GetRouteAsync("12"), 404));
        Assert.Equal("route 12 not found", AdminAssert.Error(await admin.DeleteRouteAsync("12"), 404));

        await PutLocalSeedAsync(admin, "12");
        Assert.Equal(["kept", "new"], await client.SubscribeAsync("new"));
    }

    [Fact]
    public async Task Delete_EntryRoute_NewSocketsRefusedOpenOnesKeepWorking()
    {
        await using var admin = await AdminGateway.StartAsync();
        await PutLocalSeedAsync(admin, "1", "11", "12", "14");
        await using var client = await admin.Gateway.ConnectRegisteredAsync();

        (await admin.DeleteRouteAsync("1")).AssertStatus(200);

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => admin.Gateway.ConnectAsync());
        Assert.Contains("404", refused.Message);
        Assert.Equal(["a"], await client.SubscribeAsync("a"));
    }

    private static Task<HttpAnswer> ListAsync(AdminGateway admin, string query) => admin.SendAsync(HttpMethod.Get, $"/apisix/admin/routes{query}");

    /// <summary>PUTs the seed's routes <paramref name="ids"/> (entry 1, actions 11–15) without upstreams, asserting success.</summary>
    private static async Task PutLocalSeedAsync(AdminGateway admin, params string[] ids)
    {
        foreach (var id in ids)
        {
            var route = UpstreamRoutes.Seed().Single(r => r!["id"]!.GetValue<string>() == id)!.AsObject();
            route.Remove("id");
            var answer = await admin.PutRouteAsync(id, route.ToJsonString());
            Assert.True(answer.StatusCode is 200 or 201, $"PUT route {id} answered {answer.StatusCode}: {answer.Text}");
        }
    }
}
