using SignalRPub.Routing;
using SignalRPub.Tests.TestSupport;

namespace SignalRPub.Tests.Routing;

public class RouteTableProviderTests
{
    [Fact]
    public void Update_ChangeToken_FiresOnceAfterTheTableIsPublished()
    {
        var provider = new RouteTableProvider(RouteTable.Empty);
        var token = provider.GetChangeToken();
        var next = RouteTable.Create([TestRoutes.Entry("1", "/msg-pub")], new List<string>())!;
        RouteTable? seen = null;
        token.RegisterChangeCallback(_ => seen = provider.Current, null);

        provider.Update(next);

        Assert.True(token.HasChanged);
        Assert.Same(next, seen);
        Assert.False(provider.GetChangeToken().HasChanged);
    }
}
