using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SignalRPub.Routing;
using SignalRPub.Tests.TestSupport;
using SignalRPub.Upstreams;

namespace SignalRPub.Tests.Upstreams;

public class DeniedNetworksTests
{
    [Theory]
    [InlineData("169.254.169.254", 80, "169.254.0.0/16")]
    [InlineData("169.254.0.1", 8080, "169.254.0.0/16")]
    [InlineData("::ffff:169.254.169.254", 80, "169.254.0.0/16")]
    [InlineData("fe80::1", 80, "fe80::/10")]
    [InlineData("fe80::1%2", 80, "fe80::/10")]
    public void Find_DefaultNetworks_DenyLinkLocal(string address, int port, string network)
    {
        var reason = Create().Find(IPAddress.Parse(address), port);

        Assert.Contains(network, reason);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("fd00::1")]
    [InlineData("93.184.216.34")]
    public void Find_LoopbackPrivateAndPublic_AllowedByDefault(string address)
    {
        Assert.Null(Create().Find(IPAddress.Parse(address), 8080));
    }

    [Fact]
    public void Find_SettingGiven_ReplacesTheDefaults()
    {
        var denied = Create(o => o.Upstreams.DeniedNetworks = ["10.0.0.0/8", "192.168.1.7", ""]);

        Assert.Contains("10.0.0.0/8", denied.Find(IPAddress.Parse("10.200.0.1"), 80));
        Assert.Contains("192.168.1.7/32", denied.Find(IPAddress.Parse("192.168.1.7"), 80));
        Assert.Null(denied.Find(IPAddress.Parse("192.168.1.8"), 80));
        Assert.Null(denied.Find(IPAddress.Parse("169.254.169.254"), 80));
    }

    [Theory]
    [InlineData("127.0.0.1", 9080)]
    [InlineData("0.0.0.0", 9080)]
    [InlineData("127.0.0.1", 9180)]
    public void Find_ConfiguredListeners_Denied(string address, int port)
    {
        var denied = Create(o =>
        {
            o.Gateway.Urls = "http://127.0.0.1:9080";
            o.Admin.Enabled = true;
            o.Admin.Urls = "http://127.0.0.1:9180";
        });

        Assert.Contains("the gateway's own listener", denied.Find(IPAddress.Parse(address), port));
    }

    [Fact]
    public void Find_AdminDisabled_ItsUrlsAreNoListener()
    {
        var denied = Create(o => o.Admin.Urls = "http://127.0.0.1:9180");

        Assert.Null(denied.Find(IPAddress.Loopback, 9180));
    }

    [Fact]
    public void Find_ListenerAddedOnceStarted_Denied()
    {
        var denied = Create();
        Assert.Null(denied.Find(IPAddress.Loopback, 40123));

        denied.AddListeners(["http://127.0.0.1:40123"]);

        Assert.Contains("http://127.0.0.1:40123", denied.Find(IPAddress.Loopback, 40123));
    }

    [Fact]
    public void Find_WildcardListener_DeniesLoopbackOnItsPort()
    {
        var denied = Create(o => o.Gateway.Urls = "http://0.0.0.0:9080");

        Assert.NotNull(denied.Find(IPAddress.Parse("127.0.0.9"), 9080));
        Assert.NotNull(denied.Find(IPAddress.IPv6Loopback, 9080));
        Assert.Null(denied.Find(IPAddress.Loopback, 9081));
    }

    [Fact]
    public void Check_RouteWithAddressNodesInDeniedNetwork_ReportsEachNode()
    {
        var route = TestRoutes.Action("12", "/x", RouteAction.SubAdd, upstream: TestRoutes.Upstream(
            new UpstreamNode("169.254.169.254", 80, 1), new UpstreamNode("10.0.0.1", 80, 1), new UpstreamNode("fe80::1", 8080, 1), new UpstreamNode("metadata.internal", 80, 1)));
        var errors = new List<string>();

        Create().Check(route, "route 12", errors);

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("route 12: the upstream node 169.254.169.254:80 is in the denied network 169.254.0.0/16", errors[0]);
        Assert.StartsWith("route 12: the upstream node [fe80::1]:8080 is in the denied network fe80::/10", errors[1]);
    }

    [Theory]
    [InlineData("10.0.0.0/8", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("fe80::/10", true)]
    [InlineData("::1", true)]
    [InlineData("10.0.0.0/33", false)]
    [InlineData("10.0.0.0/x", false)]
    [InlineData("internal", false)]
    [InlineData("fe80::1%eth0", false)]
    public void TryParse_Network_AcceptsCidrsAndSingleAddresses(string text, bool valid)
    {
        Assert.Equal(valid, DeniedNetworks.TryParse(text, out _));
    }

    private static DeniedNetworks Create(Action<SignalRPubOptions>? configure = null)
    {
        var options = new SignalRPubOptions();
        options.Gateway.Urls = "http://127.0.0.1:0";
        configure?.Invoke(options);
        return new DeniedNetworks(Options.Create(options), new ServiceCollection().BuildServiceProvider());
    }
}
