using System.Net;
using SignalRPub.Routing;

namespace SignalRPub.Tests.Routing;

public class UpstreamNodeTests
{
    [Theory]
    [InlineData("mock-ms1975", "mock-ms1975")]
    [InlineData("a", "a")]
    [InlineData("a_b.Example.com", "a_b.Example.com")]
    [InlineData("1example.com", "1example.com")]
    [InlineData("10.0.0.2", "10.0.0.2")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("255.255.255.255", "255.255.255.255")]
    [InlineData("::1", "::1")]
    [InlineData("[::1]", "::1")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("[::ffff:10.0.0.1]", "::ffff:10.0.0.1")]
    public void NormaliseHost_NameOrAddress_Kept(string text, string host)
    {
        Assert.Equal(host, UpstreamNode.NormaliseHost(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1:22")]
    [InlineData("127.0.0.1\\x")]
    [InlineData("127.1")]
    [InlineData("2130706433")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("0x7f000001")]
    [InlineData("010.0.0.1")]
    [InlineData("256.0.0.1")]
    [InlineData("1.2.3.4.5")]
    [InlineData("a..b")]
    [InlineData(".a")]
    [InlineData("a.")]
    [InlineData("-a")]
    [InlineData("a-")]
    [InlineData("a.1")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("user@a")]
    [InlineData("a?b")]
    [InlineData("a#b")]
    [InlineData("h\u00e9te")]
    [InlineData("[::1")]
    [InlineData("::1]")]
    [InlineData("[a.example]")]
    [InlineData("[127.0.0.1]")]
    [InlineData("fe80::1%eth0")]
    [InlineData("[fe80::1%25eth0]")]
    [InlineData("::1::2")]
    public void NormaliseHost_NeitherNameNorAddress_Null(string text)
    {
        Assert.Null(UpstreamNode.NormaliseHost(text));
    }

    [Fact]
    public void NormaliseHost_LongNames_LimitedByLabelAndTotalLength()
    {
        Assert.NotNull(UpstreamNode.NormaliseHost(new string('a', 63) + ".example"));
        Assert.Null(UpstreamNode.NormaliseHost(new string('a', 64) + ".example"));
        Assert.Null(UpstreamNode.NormaliseHost(string.Join(".", Enumerable.Repeat(new string('a', 63), 4)) + ".b"));
    }

    [Theory]
    [InlineData("10.0.0.2", "10.0.0.2")]
    [InlineData("::1", "::1")]
    [InlineData("mock-ms1975", null)]
    public void Address_OfAnAddressHost_ParsedElseNull(string host, string? address)
    {
        Assert.Equal(address is null ? null : IPAddress.Parse(address), new UpstreamNode(host, 80, 1).Address);
    }

    [Theory]
    [InlineData("mock-ms1975", 1975)]
    [InlineData("::1", 8080)]
    [InlineData("10.0.0.2", 65535)]
    public void CanBuildUri_ValidNode_True(string host, int port)
    {
        Assert.True(new UpstreamNode(host, port, 1).CanBuildUri("https"));
    }

    [Fact]
    public void Authority_Ipv6Host_IsBracketed()
    {
        Assert.Equal("[::1]:8080", new UpstreamNode("::1", 8080, 1).Authority);
        Assert.Equal("a:80", new UpstreamNode("a", 80, 1).Authority);
    }
}
