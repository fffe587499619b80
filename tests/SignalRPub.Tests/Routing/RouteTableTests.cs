using SignalRPub.Routing;
using SignalRPub.Tests.TestSupport;

namespace SignalRPub.Tests.Routing;

public class RouteTableTests
{
    [Fact]
    public void Create_DistinctRoutes_FindsThemByUriAndId()
    {
        var entry = TestRoutes.Entry("1", "/msg-pub");
        var action = TestRoutes.Action("11", "/register", RouteAction.Register, "1");
        var errors = new List<string>();

        var table = RouteTable.Create([entry, action], errors);

        RouteAssert.NoErrors(errors);
        Assert.NotNull(table);
        Assert.Same(action, table.FindByUri("/register"));
        Assert.Same(entry, table.FindById("1"));
        Assert.Equal([entry, action], table.Routes);
    }

    [Theory]
    [InlineData("/nope")]
    [InlineData("/msg-pub/")]
    [InlineData("/MSG-PUB")]
    [InlineData("/msg-pub?x=1")]
    public void FindByUri_NotExactPath_ReturnsNull(string path)
    {
        var table = RouteTable.Create([TestRoutes.Entry("1", "/msg-pub")], new List<string>())!;

        Assert.Null(table.FindByUri(path));
    }

    [Fact]
    public void Create_DuplicateUri_ReportsBothIdsAndReturnsNull()
    {
        var errors = new List<string>();

        var table = RouteTable.Create([TestRoutes.Entry("1", "/same"), TestRoutes.Action("2", "/same", RouteAction.SubAdd)], errors);

        Assert.Null(table);
        var error = Assert.Single(errors);
        Assert.Contains("'/same'", error, StringComparison.Ordinal);
        Assert.Contains("'1'", error, StringComparison.Ordinal);
        Assert.Contains("'2'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_DuplicateId_ReportsTheIdAndReturnsNull()
    {
        var errors = new List<string>();

        var table = RouteTable.Create([TestRoutes.Entry("1", "/a"), TestRoutes.Entry("1", "/b")], errors);

        Assert.Null(table);
        var error = Assert.Single(errors);
        Assert.Contains("'1'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_DuplicateIdAndDuplicateUri_ReportsBoth()
    {
        var errors = new List<string>();

        var table = RouteTable.Create(
            [TestRoutes.Entry("1", "/a"), TestRoutes.Entry("1", "/b"), TestRoutes.Entry("2", "/c"), TestRoutes.Entry("3", "/c")],
            errors);

        Assert.Null(table);
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("route id '1'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("uri '/c'", StringComparison.Ordinal));
    }

    [Fact]
    public void Empty_HasNoRoutes()
    {
        Assert.Empty(RouteTable.Empty.Routes);
        Assert.Null(RouteTable.Empty.FindByUri("/msg-pub"));
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData(null, "1", true)]
    [InlineData("1", "1", true)]
    [InlineData("1", "2", false)]
    [InlineData("1", null, false)]
    [InlineData("1", "10", false)]
    public void Serves_SuperiorIdAndEntry_MatchesOnlyItsEntry(string? superiorId, string? entryId, bool expected)
    {
        var route = TestRoutes.Action("11", "/a", RouteAction.SubAdd, superiorId);

        Assert.Equal(expected, RouteTable.Serves(route, entryId));
    }

    [Fact]
    public void Update_NewTable_ReplacesCurrent()
    {
        var provider = new RouteTableProvider(RouteTable.Empty);
        var table = RouteTable.Create([TestRoutes.Entry("1", "/a")], new List<string>())!;

        provider.Update(table);

        Assert.Same(table, provider.Current);
    }
}
