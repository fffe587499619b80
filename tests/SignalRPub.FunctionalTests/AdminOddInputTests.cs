using System.Text.Json;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>
/// docs/admin.md §8: no input gives the admin API a 500. Bodies of the wrong JSON kind, ids, plugin names and query
/// filters with odd characters each get a clear answer, and refused requests change nothing.
/// </summary>
public sealed class AdminOddInputTests
{
    private const string LongName = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    public static TheoryData<string, string, string?, int> OddRequests => new()
    {
        { "PUT", "/apisix/admin/routes/20", "null", 400 },
        { "PUT", "/apisix/admin/routes/20", "[]", 400 },
        { "PUT", "/apisix/admin/routes/20", "[{}]", 400 },
        { "PUT", "/apisix/admin/routes/20", "1e400", 400 },
        { "PUT", "/apisix/admin/routes/20", "\"/x\"", 400 },
        { "PUT", "/apisix/admin/routes/20", "true", 400 },
        { "PUT", "/apisix/admin/routes/20", "{}", 400 },
        { "PUT", "/apisix/admin/routes/20", null, 400 },
        { "POST", "/apisix/admin/routes", "null", 400 },
        { "POST", "/apisix/admin/routes", "[]", 400 },
        { "PUT", "/apisix/admin/plugin_metadata/ht-ws-msg-pub", "null", 400 },
        { "PUT", "/apisix/admin/plugin_metadata/ht-ws-msg-pub", "[]", 400 },
        { "PUT", "/apisix/admin/routes/%C3%A9", """{"uri":"/x","plugins":{"ht-msg-sub":{"action":"sub_add"}}}""", 400 },
        { "PUT", "/apisix/admin/routes/%ED%B0%80", """{"uri":"/x","plugins":{"ht-msg-sub":{"action":"sub_add"}}}""", 400 },
        { "PUT", "/apisix/admin/routes/%FF", """{"uri":"/x","plugins":{"ht-msg-sub":{"action":"sub_add"}}}""", 400 },
        { "PUT", $"/apisix/admin/routes/{LongName}", """{"uri":"/x","plugins":{"ht-msg-sub":{"action":"sub_add"}}}""", 400 },
        { "GET", "/apisix/admin/routes/%ED%B0%80", null, 404 },
        { "GET", "/apisix/admin/routes/%FF%FE", null, 404 },
        { "GET", $"/apisix/admin/routes/{LongName}", null, 404 },
        { "DELETE", "/apisix/admin/routes/%ED%B0%80", null, 404 },
        { "DELETE", "/apisix/admin/routes/a%22b", null, 404 },
        { "GET", "/apisix/admin/plugin_metadata/%ED%B0%80", null, 404 },
        { "GET", "/apisix/admin/routes?label=", null, 200 },
        { "GET", "/apisix/admin/routes?label=:", null, 200 },
        { "GET", "/apisix/admin/routes?label=%FF", null, 200 },
        { "GET", "/apisix/admin/routes?label=%ED%B0%80:%00", null, 200 },
        { "GET", "/apisix/admin/routes?label=a:b:c", null, 200 },
        { "GET", "/apisix/admin/routes?label=superior_id:1&label=x", null, 200 },
        { "GET", "/apisix/admin/routes?page=%FF&page_size=%FF", null, 400 },
        { "GET", "/apisix/admin/routes?page_size=10&page_size=20", null, 400 },
    };

    [Theory]
    [MemberData(nameof(OddRequests))]
    public async Task AdminRequest_OddInput_ClearJsonAnswerAndNothingChanges(string method, string path, string? body, int status)
    {
        await using var admin = await AdminGateway.StartAsync();
        (await admin.PutRouteAsync("1", SeedAdminPayloads.Entry)).AssertStatus(201);
        var before = (await admin.ListRoutesAsync()).Text;

        var answer = await admin.SendAsync(new HttpMethod(method), path, body);

        answer.AssertStatus(status);
        if (status == 200)
        {
            Assert.Equal(JsonValueKind.Array, JsonAssert.Property(answer.Json, "list").ValueKind);
        }
        else
        {
            AdminAssert.Error(answer, status);
        }

        JsonAssert.Equal(before, (await admin.ListRoutesAsync()).Json);
    }
}
