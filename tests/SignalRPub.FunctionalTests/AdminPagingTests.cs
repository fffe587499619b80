using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>
/// docs/admin.md §4: <c>GET /apisix/admin/routes?page=&amp;page_size=</c> as APISIX pages it (page_size 10–500, page from 1),
/// computed without overflow; <c>total</c> always counts every match.
/// </summary>
public sealed class AdminPagingTests
{
    private const int RouteCount = 23;

    private static readonly string[] s_ids = [.. Enumerable.Range(1, RouteCount).Select(i => $"r{i:D2}")];

    [Fact]
    public async Task List_PageAndPageSize_PagesInIdOrderAndCountsEveryRoute()
    {
        await using var admin = await StartWithRoutesAsync();

        Assert.Equal(s_ids[..10], AdminAssert.ListIds(await admin.ListRoutesAsync("?page=1&page_size=10"), RouteCount));
        Assert.Equal(s_ids[10..20], AdminAssert.ListIds(await admin.ListRoutesAsync("?page=2&page_size=10"), RouteCount));
        Assert.Equal(s_ids[20..], AdminAssert.ListIds(await admin.ListRoutesAsync("?page=3&page_size=10"), RouteCount));
        Assert.Equal(s_ids[..10], AdminAssert.ListIds(await admin.ListRoutesAsync("?page_size=10"), RouteCount));
        Assert.Equal(s_ids[..12], AdminAssert.ListIds(await admin.ListRoutesAsync("?page_size=12"), RouteCount));
        Assert.Equal(s_ids, AdminAssert.ListIds(await admin.ListRoutesAsync("?page_size=500"), RouteCount));
        Assert.Equal(s_ids, AdminAssert.ListIds(await admin.ListRoutesAsync("?page=2"), RouteCount));
        Assert.Equal(s_ids, AdminAssert.ListIds(await admin.ListRoutesAsync(), RouteCount));
    }

    [Theory]
    [InlineData("?page=4&page_size=10")]
    [InlineData("?page=2&page_size=500")]
    [InlineData("?page=2147483647&page_size=500")]
    [InlineData("?page=2147483648&page_size=500")]
    [InlineData("?page=9223372036854775807&page_size=10")]
    [InlineData("?page=99999999999999999999999999&page_size=10")]
    public async Task List_PagePastTheEnd_EmptyListWithTotal(string query)
    {
        await using var admin = await StartWithRoutesAsync();

        Assert.Empty(AdminAssert.ListIds(await admin.ListRoutesAsync(query), RouteCount));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("-2147483648")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("")]
    public async Task List_PageZeroNegativeOrNotAnInteger_FirstPage(string page)
    {
        await using var admin = await StartWithRoutesAsync();

        Assert.Equal(s_ids[..10], AdminAssert.ListIds(await admin.ListRoutesAsync($"?page={Uri.EscapeDataString(page)}&page_size=10"), RouteCount));
    }

    [Theory]
    [InlineData("9")]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("-10")]
    [InlineData("501")]
    [InlineData("2147483648")]
    [InlineData("abc")]
    [InlineData("10.5")]
    public async Task List_PageSizeOutside10To500_400AndNoList(string pageSize)
    {
        await using var admin = await StartWithRoutesAsync();

        var answer = await admin.ListRoutesAsync($"?page=1&page_size={Uri.EscapeDataString(pageSize)}");

        Assert.Equal("page_size must be an integer from 10 to 500", AdminAssert.Error(answer, 400));
    }

    [Fact]
    public async Task List_LabelAndPage_PagesTheMatchesOnly()
    {
        await using var admin = await StartWithRoutesAsync();
        for (var i = 0; i < 12; i++)
        {
            (await admin.PutRouteAsync($"s{i:D2}", AdminRoutes.Action($"/s/{i}", "sub_add", superiorId: "7"))).AssertStatus(201);
        }

        Assert.Equal(["s10", "s11"], AdminAssert.ListIds(await admin.ListRoutesAsync("?label=superior_id:7&page=2&page_size=10"), 12));
        Assert.Empty(AdminAssert.ListIds(await admin.ListRoutesAsync("?label=superior_id:8&page=1&page_size=10"), 0));
    }

    private static async Task<AdminGateway> StartWithRoutesAsync()
    {
        var admin = await AdminGateway.StartAsync();
        try
        {
            // Put in reverse: the list is ordered by id, not by when a route was made.
            foreach (var id in s_ids.Reverse())
            {
                (await admin.PutRouteAsync(id, AdminRoutes.Action($"/paging/{id}", "sub_add", superiorId: null))).AssertStatus(201);
            }

            return admin;
        }
        catch
        {
            await admin.DisposeAsync();
            throw;
        }
    }
}
