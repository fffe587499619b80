using System.Net;
using SignalRPub.Security;

namespace SignalRPub.Tests.Security;

public class ClientAddressTests
{
    [Theory]
    [InlineData("10.1.2.3", "10.1.2.3")]
    [InlineData("::ffff:10.1.2.3", "10.1.2.3")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("::1", "::/64")]
    public void KeyOf_Address_CountsIPv4ByAddressAndIPv6ByNetwork(string address, string key)
    {
        Assert.Equal(key, ClientAddress.KeyOf(IPAddress.Parse(address)));
    }

    [Fact]
    public void KeyOf_NoAddress_IsUnknown()
    {
        Assert.Equal(ClientAddress.Unknown, ClientAddress.KeyOf((IPAddress?)null));
    }
}
