using System.Text;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>
/// docs/admin.md §8 and PROTOCOL.md §8: an admin body is at most 1 MiB of valid UTF-8 JSON text, checked where it
/// enters; anything else is refused (413 or 400 saying what is wrong) and changes nothing.
/// </summary>
public sealed class AdminBodyTests
{
    private const int MaxBodyBytes = 1024 * 1024;
    private const string RouteHead = "{\"uri\":\"/x\",\"plugins\":{\"ht-msg-sub\":{\"action\":\"sub_add\"}},\"labels\":{\"pad\":\"";
    private const string RouteTail = "\"}}";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Put_BodyOverOneMebibyte_413AndNothingStored(bool chunked)
    {
        await using var admin = await AdminGateway.StartAsync();

        var answer = await admin.SendBytesAsync(HttpMethod.Put, "/apisix/admin/routes/20", RouteOfLength(MaxBodyBytes + 1), chunked: chunked);

        Assert.Contains("1048576", AdminAssert.Error(answer, 413));
        AdminAssert.ListIds(await admin.ListRoutesAsync(), 0);
    }

    [Fact]
    public async Task Put_BodyOfExactlyOneMebibyte_Accepted()
    {
        await using var admin = await AdminGateway.StartAsync();

        var answer = await admin.SendBytesAsync(HttpMethod.Put, "/apisix/admin/routes/20", RouteOfLength(MaxBodyBytes));

        answer.AssertStatus(201);
        Assert.Equal(["20"], AdminAssert.ListIds(await admin.ListRoutesAsync(), 1));
    }

    [Theory]
    [InlineData("/apisix/admin/routes/20", "uri", "FF FE")]
    [InlineData("/apisix/admin/routes/20", "uri", "C0 AF")]
    [InlineData("/apisix/admin/routes/20", "label value", "ED B0 80")]
    [InlineData("/apisix/admin/routes/20", "label name", "F4 90 80 80")]
    [InlineData("/apisix/admin/routes/20", "label value", "80")]
    [InlineData("/apisix/admin/routes/20", "label value", "E2 82")]
    [InlineData("/apisix/admin/routes", "uri", "FF FE")]
    [InlineData("/apisix/admin/plugin_metadata/ht-ws-msg-pub", "label value", "C0 AF")]
    public async Task PutOrPost_InvalidUtf8InAString_400SaysSoAndNothingChanges(string path, string field, string hexBytes)
    {
        await using var admin = await AdminGateway.StartAsync();
        var bad = Convert.FromHexString(hexBytes.Replace(" ", ""));
        byte[] body = field switch
        {
            "uri" => [.. Utf8("""{"uri":"/a"""), .. bad, .. Utf8("""b","plugins":{"ht-msg-sub":{"action":"sub_add"}}}""")],
            "label name" => [.. Utf8("""{"uri":"/a","plugins":{"ht-msg-sub":{"action":"sub_add"}},"labels":{"a"""), .. bad, .. Utf8("\":\"1\"}}")],
            _ => [.. Utf8("""{"uri":"/a","plugins":{"ht-msg-sub":{"action":"sub_add"}},"labels":{"a":"x"""), .. bad, .. Utf8("\"}}")],
        };

        var answer = await admin.SendBytesAsync(path.EndsWith("/routes") ? HttpMethod.Post : HttpMethod.Put, path, body);

        var message = AdminAssert.Error(answer, 400);
        Assert.StartsWith("invalid request body:", message);
        Assert.Contains("not valid UTF-8", message);
        await AssertNothingStoredAsync(admin);
    }

    [Theory]
    [InlineData("""{"uri":"/a\udc00","plugins":{"ht-msg-sub":{"action":"sub_add"}}}""")]
    [InlineData("""{"uri":"/a\ud800","plugins":{"ht-msg-sub":{"action":"sub_add"}}}""")]
    [InlineData("""{"uri":"/a\ud800\u0041","plugins":{"ht-msg-sub":{"action":"sub_add"}}}""")]
    [InlineData("""{"uri":"/a","plugins":{"ht-msg-sub":{"action":"sub_add\udc00"}}}""")]
    [InlineData("""{"uri":"/a","plugins":{"ht-msg-sub":{"action":"sub_add"}},"labels":{"superior_id":"\udfff"}}""")]
    [InlineData("""{"uri":"/a","plugins":{"ht-msg-sub":{"action":"sub_add"}},"labels":{"\udc00":"1"}}""")]
    [InlineData("""{"uri":"/a","plugins":{"ht-msg-sub":{"action":"sub_add","upstream":{"nodes":[{"host":"h\udc00","port":1}]}}}}""")]
    [InlineData("""{"uri":"/a","plugins":{"ht-msg-sub":{"action":"sub_add"}},"desc":{"note":["\udc00"]}}""")]
    public async Task Put_LoneSurrogateEscapeInAnyField_400SaysSoAndNothingStored(string body)
    {
        await using var admin = await AdminGateway.StartAsync();

        var put = await admin.PutRouteAsync("20", body);
        var post = await admin.SendAsync(HttpMethod.Post, "/apisix/admin/routes", body);

        foreach (var answer in new[] { put, post })
        {
            var message = AdminAssert.Error(answer, 400);
            Assert.StartsWith("invalid request body:", message);
            Assert.Contains("lone surrogate", message);
        }

        await AssertNothingStoredAsync(admin);
    }

    [Theory]
    [InlineData("""{"uri":"/a","uri":"/b","plugins":{"ht-msg-sub":{"action":"sub_add"}}}""", "uri")]
    [InlineData("""{"uri":"/a","plugins":{"ht-msg-sub":{"action":"sub_add","action":"sub_put"}}}""", "action")]
    [InlineData("""{"uri":"/a","plugins":{"ht-msg-sub":{"action":"sub_add"}},"labels":{"x":"1","x":"1"}}""", "x")]
    public async Task Put_DuplicateProperty_400NamesItAndNothingStored(string body, string name)
    {
        await using var admin = await AdminGateway.StartAsync();

        var answer = await admin.PutRouteAsync("20", body);

        var message = AdminAssert.Error(answer, 400);
        Assert.StartsWith("invalid request body:", message);
        Assert.Contains($"'{name}'", message);
        await AssertNothingStoredAsync(admin);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("""{"uri":"/x",""")]
    [InlineData("""{"uri":"/x"} {}""")]
    [InlineData("""{"uri":"/x"}]""")]
    [InlineData("\uFEFF")]
    public async Task Put_NotOneJsonValue_400SaysWhatIsWrongAndNothingStored(string body)
    {
        await using var admin = await AdminGateway.StartAsync();

        var answer = await admin.PutRouteAsync("20", body);

        var message = AdminAssert.Error(answer, 400);
        Assert.StartsWith("invalid request body: ", message);
        Assert.True(message.Length > "invalid request body: ".Length + 5, message);
        await AssertNothingStoredAsync(admin);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A valid action route on <c>/x</c> of exactly <paramref name="length"/> bytes (padded in a label).</summary>
    private static byte[] RouteOfLength(int length) =>
        Utf8(RouteHead + new string('a', length - RouteHead.Length - RouteTail.Length) + RouteTail) is var body && body.Length == length
            ? body
            : throw new InvalidOperationException("The padding is ASCII, one byte a character.");

    private static async Task AssertNothingStoredAsync(AdminGateway admin)
    {
        AdminAssert.ListIds(await admin.ListRoutesAsync(), 0);
        AdminAssert.Error(await admin.SendAsync(HttpMethod.Get, "/apisix/admin/plugin_metadata/ht-ws-msg-pub"), 404);
    }
}
